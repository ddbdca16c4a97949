// The ARIA combobox: an input owning a listbox of options, driven by arrows, Enter, Escape, the pointer and focus.
// It knows nothing of searching; the widget and the search page's suggestions tell it through these handlers.

export interface ComboboxHandlers {
  /** The answer in the listbox is for what the input says now, so it may be shown again. */
  answerMatches(): boolean;
  /** An arrow key while closed with no answer to show: search now. */
  searchNow(): void;
  /** Enter on, or a click of, option `index`. */
  select(index: number, e: KeyboardEvent | MouseEvent): void;
  /** A second Escape emptied the input. */
  cleared(): void;
  /** Focus leaving the input for `to` keeps the listbox open (the facet chips). */
  keepsOpen?(to: EventTarget | null): boolean;
  /** The listbox was opened or closed. */
  openChanged?(open: boolean): void;
}

export interface Combobox {
  /** Index of the active option, -1 for none. */
  readonly active: number;
  isOpen(): boolean;
  open(): void;
  close(): void;
  setActive(i: number): void;
  /** The listbox's options, in order, once they are in it. */
  setOptions(list: HTMLElement[]): void;
  /** Empties the listbox: no options, none active. */
  clear(): void;
}

export function createCombobox(input: HTMLInputElement, listbox: HTMLElement, h: ComboboxHandlers): Combobox {
  let options: HTMLElement[] = [];
  let active = -1;

  const isOpen = () => !listbox.hidden;

  function open(): void {
    if (listbox.hidden) listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (h.openChanged) h.openChanged(true);
  }

  function close(): void {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
    if (h.openChanged) h.openChanged(false);
  }

  function setActive(i: number): void {
    if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
    active = i >= 0 && i < options.length ? i : -1;
    if (active < 0) {
      input.removeAttribute('aria-activedescendant');
      return;
    }
    const opt = options[active];
    opt.setAttribute('aria-selected', 'true');
    input.setAttribute('aria-activedescendant', opt.id);
    // keep it visible without scrolling the host page
    const top = opt.offsetTop;
    const bottom = top + opt.offsetHeight;
    if (top < listbox.scrollTop) listbox.scrollTop = top;
    else if (bottom > listbox.scrollTop + listbox.clientHeight) listbox.scrollTop = bottom - listbox.clientHeight;
  }

  function clear(): void {
    listbox.textContent = '';
    options = [];
    active = -1;
    input.removeAttribute('aria-activedescendant');
  }

  /** Arrow keys: reopen the answer (or search), then move the active option, wrapping. */
  function move(delta: 1 | -1): void {
    if (!isOpen()) {
      if (!h.answerMatches()) {
        h.searchNow();
        return;
      }
      open();
    }
    const n = options.length;
    if (n === 0) return;
    if (active < 0) setActive(delta > 0 ? 0 : n - 1);
    else setActive((active + delta + n) % n);
  }

  function onKeyDown(e: KeyboardEvent): void {
    if (e.isComposing || e.keyCode === 229) return; // keys belong to the IME
    switch (e.key) {
      case 'ArrowDown':
      case 'Down':
        e.preventDefault();
        move(1);
        break;
      case 'ArrowUp':
      case 'Up':
        e.preventDefault();
        move(-1);
        break;
      case 'Enter':
        if (isOpen() && active >= 0) {
          e.preventDefault();
          h.select(active, e);
        }
        break;
      case 'Escape':
      case 'Esc':
        if (isOpen()) {
          e.preventDefault();
          close();
        } else if (input.value) {
          e.preventDefault();
          input.value = '';
          h.cleared();
        }
        break;
      default:
        break;
    }
  }

  /** The option's place in the list given to setOptions (suggestions and hits share one list in the widget). */
  function optionIndex(target: EventTarget | null): number {
    let node = target as Element | null;
    while (node && node !== listbox) {
      if (node.getAttribute && node.getAttribute('role') === 'option') return options.indexOf(node as HTMLElement);
      node = node.parentNode as Element | null;
    }
    return -1;
  }

  input.addEventListener('keydown', onKeyDown);
  input.addEventListener('focus', () => {
    if (h.answerMatches()) open();
  });
  input.addEventListener('blur', (e) => {
    if (!h.keepsOpen?.(e.relatedTarget)) close();
  });
  // keep focus in the input so the list does not close on blur
  listbox.addEventListener('mousedown', (e) => e.preventDefault());
  listbox.addEventListener('click', (e) => {
    const i = optionIndex(e.target);
    if (i >= 0) {
      setActive(i);
      h.select(i, e);
    }
  });
  listbox.addEventListener('mousemove', (e) => {
    const i = optionIndex(e.target);
    if (i >= 0 && i !== active) setActive(i);
  });

  return {
    get active() {
      return active;
    },
    isOpen,
    open,
    close,
    setActive,
    setOptions(list) {
      options = list;
    },
    clear,
  };
}
