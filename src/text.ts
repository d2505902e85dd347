// Text as messages and records quote it: client input can be any length.

/**
 * `text` when it has at most `max` characters; otherwise its first `keep` (`max` unless given)
 * and `mark` ('…' unless given).
 */
export function clip(text: string, max: number, cut: { readonly keep?: number; readonly mark?: string } = {}): string {
  return text.length > max ? `${text.slice(0, cut.keep ?? max)}${cut.mark ?? '…'}` : text;
}
