// The page's static elements (dashboard.html).

export interface DashboardElements {
  keyForm: HTMLFormElement;
  keyInput: HTMLInputElement;
  range: HTMLSelectElement;
  scope: HTMLSelectElement;
  reload: HTMLButtonElement;
  error: HTMLElement;
  status: HTMLElement;
  dashboard: HTMLElement;
  totals: HTMLElement;
  searchesFigure: HTMLElement;
  ctrFigure: HTMLElement;
  top: HTMLTableElement;
  noResults: HTMLTableElement;
  lowCtr: HTMLTableElement;
}

const byTestId = <T extends HTMLElement>(id: string) => document.querySelector(`[data-testid="${id}"]`) as T;

export function findElements(): DashboardElements {
  return {
    keyForm: byTestId('key-form'),
    keyInput: byTestId('admin-key'),
    range: byTestId('range'),
    scope: byTestId('scope'),
    reload: byTestId('reload'),
    error: byTestId('error'),
    status: byTestId('status'),
    dashboard: byTestId('dashboard'),
    totals: byTestId('totals'),
    searchesFigure: byTestId('chart-searches'),
    ctrFigure: byTestId('chart-ctr'),
    top: byTestId('top'),
    noResults: byTestId('no-results'),
    lowCtr: byTestId('low-ctr'),
  };
}

/** A figure's chart box and caption. */
export const plotOf = (figure: HTMLElement) => figure.querySelector('.chart-plot') as HTMLElement;
export const captionOf = (figure: HTMLElement) => figure.querySelector('figcaption') as HTMLElement;
