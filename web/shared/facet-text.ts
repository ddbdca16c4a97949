// What a facet attribute is called on the page and in the widget (the API's names otherwise). Shown with textContent.

const NAMES: Record<string, string> = { tags: 'タグ', source: '出典', documentId: '文書' };

export function facetName(attribute: string): string {
  return Object.prototype.hasOwnProperty.call(NAMES, attribute) ? NAMES[attribute] : attribute;
}
