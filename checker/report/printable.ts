/**
 * Text from outside (a trace file, a YAML name) shown on a terminal: control
 * characters, including ESC and the C1 range, are written as \uXXXX so that a
 * crafted file cannot move the cursor, recolour or retitle the user's terminal,
 * or split a one-line diagnostic.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001F\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
