/**
 * Removes the spaces a PDF text export leaves where a line wrapped inside Japanese text
 * ("活用し た" → "活用した", "SNS を活用" → "SNSを活用"); a space between two ASCII characters stays
 * (collapsed to one). Used for every name and text read from the document, and by tests to find them in it.
 */
export function normaliseText(text: string): string {
  return text
    .replace(/(?<=[^\x00-\x7F])[ \t\u3000]+|[ \t\u3000]+(?=[^\x00-\x7F])/g, '')
    .replace(/[ \t\u3000]+/g, ' ')
    .trim();
}
