/** Bytes a padded standard base64 text decodes to (opaque payloads are size-checked without decoding them). */
export function base64DecodedBytes(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}
