/**
 * A drafted source added at the end of a YAML source file's `sources:` list, as text: the rest of
 * the file (its comments, its layout, its `{{placeholders}}`) stays byte for byte as staff wrote it.
 * Only a file whose `sources:` block list is what ends it (or a file that is that list) is written
 * to; any other shape is refused in staff's words, for the draft to be added by hand.
 */
import { isMap, isScalar, isSeq, parseDocument, type YAMLSeq } from 'yaml';
import { BadInputError, withoutBom } from '../../core/index.js';

const handAdd = '请下载草稿后手工加入';

/** The block list the file ends with: its own top-level list, or the last key's when that is `sources`. */
function sourcesList(text: string): YAMLSeq {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) throw new BadInputError(`来源文件不是有效的 YAML：${handAdd}`);
  const contents = doc.contents;
  const last = isMap(contents) ? contents.items[contents.items.length - 1] : undefined;
  const list = isSeq(contents) ? contents : last && isScalar(last.key) && last.key.value === 'sources' && isSeq(last.value) ? last.value : undefined;
  if (!list) throw new BadInputError(`来源文件的 sources: 列表不在文件末尾，无法自动追加：${handAdd}`);
  if (list.flow || list.items.length === 0) throw new BadInputError(`来源文件的 sources: 不是逐行书写（- id: …）的列表，无法自动追加：${handAdd}`);
  return list;
}

/**
 * `fileText` with the one source of `draftYaml` (a file as `draftSource` writes it) added as the last
 * item of its `sources:` list, indented as the file's items are, under `comments` (one `#` line each).
 * Throws BadInputError when the file is not one this can append to; the caller checks the result loads.
 */
export function appendSourceText(fileText: string, draftYaml: string, comments: readonly string[] = []): string {
  const eol = fileText.includes('\r\n') ? '\r\n' : '\n';
  const text = withoutBom(fileText);
  const list = sourcesList(text);
  // Where the file's first item's dash stands: `  - id: …` (the item's node starts after it).
  const start = list.items[0] && 'range' in (list.items[0] as object) ? (list.items[0] as { range?: [number, number, number] }).range?.[0] : undefined;
  const lineStart = start === undefined ? -1 : text.lastIndexOf('\n', start - 1) + 1;
  const dash = start === undefined ? null : /^( *)- +$/.exec(text.slice(lineStart, start));
  if (!dash) throw new BadInputError(`来源文件的 sources: 列表写法特殊，无法自动追加：${handAdd}`);
  const indent = dash[1]!;

  const draftLines = draftYaml.replace(/\r\n/g, '\n').split('\n');
  const from = draftLines.findIndex((l) => l === 'sources:');
  const item = draftLines.slice(from + 1);
  const own = /^( *)- /.exec(item[0] ?? '');
  if (from < 0 || !own) throw new Error('草稿不是 sources: 下的一项');
  const shift = (line: string) => (line.trim() === '' ? '' : indent + line.slice(own[1]!.length));
  const added = [...comments.map((c) => `${indent}# ${c.replace(/\s+/g, ' ')}`), ...item.map(shift)];
  while (added.length > 0 && added[added.length - 1] === '') added.pop();
  const body = fileText.endsWith('\n') ? fileText : `${fileText}${eol}`;
  return `${body}${added.join(eol)}${eol}`;
}
