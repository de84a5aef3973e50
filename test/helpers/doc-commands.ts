/**
 * The shell commands a Markdown page shows, with what the page says they do, so a
 * test (docs-commands.test.ts) can run them. The conventions:
 * - a command is a line of a ```sh/```bash/```console block, or of a plain ``` block
 *   or an indented block whose first line is a command (`npx`, `npm`, `node`, `cd`,
 *   `vigil`) or a prompt (`$ `); a bare `vigil` is `npx vigil`, a line ending in `\`
 *   goes on on the next line, and a block whose first line is a synopsis
 *   (`vigil check <model> [--json]`) or a configuration file holds no command;
 *   in a block with prompts, only the `$ ` lines are commands and the lines under
 *   one are its output (`...` elides lines);
 * - the exit code is 0 unless the command's comment says `exit N`, or a following
 *   `$ echo $?` shows N;
 * - a fenced block whose info string has `file=PATH` (```js file=mine.mjs) is a
 *   file the page's commands use; the test writes it first;
 * - an inline `npx vigil ...` or `npm run ...` in the prose is a command too: it is
 *   run where a block of the page shows it, or listed as not run.
 */
export interface DocCommand {
  readonly page: string;
  readonly line: number;
  readonly command: string;
  readonly expectedExit: number;
  /** Output lines the page shows, in order (blank and `...` lines left out). */
  readonly output: readonly string[];
}

export interface DocFile {
  readonly path: string;
  readonly text: string;
}

const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'console']);
const COMMAND_START = /^(\$ |npx |npm |node |cd |vigil )/;
/** A usage line: metavariables in angle brackets or options in square brackets. */
const SYNOPSIS = /<[\w|.]+>|\s\[-/;

function isCommandBlock(body: readonly string[]): boolean {
  const first = body.find((line) => line.trim() !== '');
  return first !== undefined && COMMAND_START.test(first) && !SYNOPSIS.test(first);
}

const INLINE_COMMAND = /`((?:npx vigil|npm run) [^`]+)`/g;

export function parseDocPage(page: string, markdown: string): { commands: DocCommand[]; files: DocFile[]; inline: string[] } {
  const commands: DocCommand[] = [];
  const files: DocFile[] = [];
  const inline: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)(.*)$/.exec(lines[i]!);
    if (fence) {
      const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
      const body = lines.slice(i + 1, end);
      const file = /\bfile=(\S+)/.exec(fence[2]!);
      if (file) files.push({ path: file[1]!, text: `${body.join('\n')}\n` });
      else if (SHELL_LANGUAGES.has(fence[1]!) || (fence[1] === '' && isCommandBlock(body))) commands.push(...shellBlock(page, i + 2, body));
      i = end;
    } else if (lines[i]!.startsWith('    ') && (i === 0 || lines[i - 1]!.trim() === '')) {
      let end = i;
      while (end < lines.length && (lines[end]!.startsWith('    ') || (lines[end]!.trim() === '' && lines[end + 1]?.startsWith('    ')))) end++;
      const body = lines.slice(i, end).map((line) => line.slice(4));
      if (isCommandBlock(body)) commands.push(...shellBlock(page, i + 1, body));
      i = end - 1;
    } else {
      for (const [, command] of lines[i]!.matchAll(INLINE_COMMAND)) inline.push(command!);
    }
  }
  return { commands, files, inline };
}

function shellBlock(page: string, firstLine: number, body: readonly string[]): DocCommand[] {
  const transcript = body.some((line) => line.startsWith('$ '));
  const found: { line: number; text: string; output: string[]; exit?: number }[] = [];
  body.forEach((text, index) => {
    const last = found[found.length - 1];
    if (last?.text.endsWith('\\')) {
      last.text = `${last.text.slice(0, -1).trimEnd()} ${text.trim()}`;
    } else if (transcript && !text.startsWith('$ ')) {
      if (last && text.trim() !== '' && text.trim() !== '...') last.output.push(text.trimEnd());
    } else if (text.trim() !== '') {
      found.push({ line: firstLine + index, text: text.replace(/^\$ /, '').replace(/^vigil /, 'npx vigil '), output: [] });
    }
  });
  const commands: DocCommand[] = [];
  for (const entry of found) {
    if (entry.text === 'echo $?') {
      const previous = commands.pop()!;
      commands.push({ ...previous, expectedExit: Number(entry.output[0]) });
      continue;
    }
    const comment = /\s+#\s.*$/.exec(entry.text);
    const exit = comment && /\bexit (\d+)\b/.exec(comment[0]);
    commands.push({
      page,
      line: entry.line,
      command: (comment ? entry.text.slice(0, comment.index) : entry.text).trim(),
      expectedExit: exit ? Number(exit[1]) : 0,
      output: entry.output,
    });
  }
  return commands;
}
