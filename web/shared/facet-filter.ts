// One facet value as a Meilisearch filter. The value is always a quoted literal, so no value, however hostile, can
// change the shape of the expression; the attribute must be a plain name, since Meilisearch does not quote those.

const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** An attribute name that can stand unquoted in a filter (and in `facets=`): letters, digits, `_`, dotted paths. */
export function isFacetAttribute(name: unknown): name is string {
  return typeof name === 'string' && ATTRIBUTE.test(name);
}

/** A Meilisearch string literal: double quotes, with `\` and `"` escaped. */
export function filterLiteral(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** `attribute = "value"`: facetFilter('tags', 'a "b"') is `tags = "a \"b\""`. Throws for an attribute that is not a plain name. */
export function facetFilter(attribute: string, value: string): string {
  if (!isFacetAttribute(attribute))
    throw new Error(`facetFilter: ${JSON.stringify(attribute)} is not an attribute name`);
  return `${attribute} = ${filterLiteral(String(value))}`;
}
