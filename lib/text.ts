/** `1 library`, `3 libraries`, `0 libraries`: a count with the word that goes with it. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
