/**
 * Measures hot-issue grouping (issue #5) on the shared data: the pipeline's own decisions
 * (decideDuplicates, messages in createdAt order) over one data set at a time.
 *
 *   npx tsx dedup/eval/hot-issues-eval.ts [--set dalian|jiamusi|teddy ...] [--sample 30] [--review DIR] [--details]
 *
 * Roles: Dalian is dev (the grouping rules may be tuned on it); Jiamusi is held out (its sample was
 * labelled before any change, and it is re-measured once, at the end); Teddy (495 rows over nine years)
 * gives statistics only. Beijing has no dates, so it has no time window and is not run.
 *
 * Per set it prints:
 * - group statistics: groups, hot groups (count >= 3), size distribution, share of the non-duplicate
 *   messages that are grouped, in a hot group, and with no key phrase at all;
 * - on a seeded sample of hot groups (`--sample`, 30 per set), the figures of the hand judgements in
 *   hot-issue-labels.json: member precision, group purity (every member right), label quality; members
 *   and labels not judged yet are counted as such, never guessed;
 * - missed grouping: the fresh duplicate pairs (fresh.ts, label 1) that de-duplication does not link:
 *   do both land in one hot-issue group (their voices still count together) or not (`--details`
 *   lists each pair: ids, days apart, the two groups).
 * `--review DIR` (a folder outside the repository) writes the sampled groups with each member's title
 * and first 150 characters, for judging.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLooseDate } from '../dedup-index.js';
import { decideDuplicates, type DedupDecision } from '../decide.js';
import { seededRandom } from '../hash.js';
import { loadRows, type DataRow } from './data.js';
import { loadFresh, scoreFresh } from './fresh.js';
import { groupFigures, judgeFor, labelId, loadHotIssueLabels, phraseId, type GroupFigures, type SampledGroup } from './hot-issue-labels.js';

const dated = ['dalian', 'jiamusi', 'teddy'] as const;
type DatedSet = (typeof dated)[number];
const roleOf: Record<DatedSet, string> = { dalian: 'dev', jiamusi: 'held-out', teddy: 'statistics only' };
const seedOf: Record<DatedSet, number> = { dalian: 0x407d, jiamusi: 0x407e, teddy: 0x407f };

export interface Group extends SampledGroup {
  kind: string;
}

export interface SetRun {
  rows: DataRow[];
  decisions: DedupDecision[];
  groups: Map<string, Group>;
}

/** The pipeline's decisions over a set in createdAt order (stable: ties keep file order). */
export function runSet(set: DatedSet): SetRun {
  const rows = loadRows(set)
    .map((row, n) => ({ row, n, at: parseLooseDate(row.createdAt ?? '') }))
    .sort((a, b) => (a.at - b.at) || a.n - b.n)
    .map((x) => x.row);
  const decisions = decideDuplicates(rows);
  const groups = new Map<string, Group>();
  for (const d of decisions) {
    if (!d.hotIssue) continue;
    const g = groups.get(d.hotIssue.key) ?? { key: d.hotIssue.key, label: d.hotIssue.label, kind: d.hotIssue.key.split(':')[0]!, ids: [] };
    g.ids.push(d.id);
    groups.set(g.key, g);
  }
  return { rows, decisions, groups };
}

/** A seeded sample of the hot groups (count >= 3), independent of the order groups were made in. */
export function sampleHot(groups: Iterable<Group>, size: number, seed: number): Group[] {
  const rnd = seededRandom(seed);
  return [...groups]
    .filter((g) => g.ids.length >= 3)
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((g) => ({ g, r: rnd() }))
    .sort((a, b) => a.r - b.r)
    .slice(0, size)
    .map((x) => x.g);
}

const pct = (n: number, d: number) => (d > 0 ? `${((100 * n) / d).toFixed(1)}%` : '-');

function statistics(run: SetRun): string[] {
  const originals = run.decisions.filter((d) => !d.duplicateOf);
  const grouped = originals.filter((d) => d.hotIssue);
  const groups = [...run.groups.values()];
  const hot = groups.filter((g) => g.ids.length >= 3);
  const inHot = hot.reduce((s, g) => s + g.ids.length, 0);
  const buckets: [string, (n: number) => boolean][] = [['1', (n) => n === 1], ['2', (n) => n === 2], ['3-4', (n) => n >= 3 && n <= 4], ['5-9', (n) => n >= 5 && n <= 9], ['10-19', (n) => n >= 10 && n <= 19], ['20+', (n) => n >= 20]];
  const kinds = [...new Set(groups.map((g) => g.kind))].sort();
  const top = [...hot].sort((a, b) => b.ids.length - a.ids.length).slice(0, 8);
  return [
    `messages ${run.rows.length}, duplicates ${run.decisions.length - originals.length}, others ${originals.length}`,
    `  grouped ${grouped.length} (${pct(grouped.length, originals.length)}), in a hot group ${inHot} (${pct(inHot, originals.length)}), no key phrase ${originals.length - grouped.length} (${pct(originals.length - grouped.length, originals.length)})`,
    `  groups ${groups.length}, hot (count >= 3) ${hot.length}; sizes ${buckets.map(([name, test]) => `${name}: ${groups.filter((g) => test(g.ids.length)).length}`).join(', ')}`,
    `  by kind (groups / hot / messages in hot): ${kinds.map((k) => `${k} ${groups.filter((g) => g.kind === k).length}/${hot.filter((g) => g.kind === k).length}/${hot.filter((g) => g.kind === k).reduce((s, g) => s + g.ids.length, 0)}`).join(', ')}`,
    `  largest: ${top.map((g) => `${g.key} (${g.ids.length})`).join(', ') || '-'}`,
  ];
}

function figuresLine(name: string, f: GroupFigures): string {
  const labels = Object.entries(f.labels).map(([q, n]) => `${q} ${n}`).join(', ');
  return `${name.padEnd(8)} groups ${f.groups} (members ${f.members}): member precision ${pct(f.rightMembers, f.judgedMembers)} (${f.rightMembers}/${f.judgedMembers}, ${f.members - f.judgedMembers} not judged); pure ${pct(f.pureGroups, f.judgedGroups)} (${f.pureGroups}/${f.judgedGroups} fully judged); labels: ${labels || '-'}${f.unjudgedLabels ? `, not judged ${f.unjudgedLabels}` : ''}`;
}

function labelReport(set: DatedSet, sample: Group[]): string[] {
  const judge = judgeFor(loadHotIssueLabels(), set);
  const names = sample.filter((g) => g.kind !== 'topic');
  const topics = sample.filter((g) => g.kind === 'topic');
  return [
    `  sample of hot groups (seeded, judged by hand in hot-issue-labels.json):`,
    `    ${figuresLine('all', groupFigures(sample, judge))}`,
    `    ${figuresLine('names', groupFigures(names, judge))}`,
    `    ${figuresLine('topics', groupFigures(topics, judge))}`,
  ];
}

/** Where the fresh duplicates that de-duplication misses end up: the same group, other groups, none. */
function missedReport(set: DatedSet, run: SetRun, details: boolean): string[] {
  const { pairs } = loadFresh();
  const mine = pairs.filter((p) => p.set === set && p.label === 1);
  if (mine.length === 0) return [];
  const linked = new Map(scoreFresh(mine).map((s) => [`${s.pair.a}|${s.pair.b}`, s.linked]));
  const byId = new Map(run.decisions.map((d) => [d.id, d]));
  const root = (id: string): DedupDecision => {
    let d = byId.get(id)!;
    for (let hops = 0; d.duplicateOf && hops < 100; hops++) d = byId.get(d.duplicateOf)!;
    return d;
  };
  const tally = { linkedInStream: 0, sameGroup: 0, sameGroupHot: 0, otherGroups: 0, ungrouped: 0 };
  const missed = mine.filter((p) => !linked.get(`${p.a}|${p.b}`));
  const lines: string[] = [];
  const rowAt = new Map(run.rows.map((r) => [r.id, parseLooseDate(r.createdAt ?? '')]));
  for (const p of missed) {
    const [ra, rb] = [root(p.a), root(p.b)];
    let outcome: string;
    if (ra.id === rb.id) outcome = 'linked in the stream';
    else if (!ra.hotIssue || !rb.hotIssue) outcome = 'no group';
    else if (ra.hotIssue.key === rb.hotIssue.key) outcome = 'same group';
    else outcome = 'other groups';
    if (outcome === 'linked in the stream') tally.linkedInStream++;
    else if (outcome === 'no group') tally.ungrouped++;
    else if (outcome === 'same group') {
      tally.sameGroup++;
      if ((run.groups.get(ra.hotIssue!.key)?.ids.length ?? 0) >= 3) tally.sameGroupHot++;
    } else tally.otherGroups++;
    const days = Math.abs((rowAt.get(p.b) ?? NaN) - (rowAt.get(p.a) ?? NaN)) / 86_400_000;
    lines.push(`    ${outcome.padEnd(20)} ${p.a} ~ ${p.b} ${days.toFixed(0)} days apart: ${ra.hotIssue?.key ?? '-'} / ${rb.hotIssue?.key ?? '-'}`);
  }
  return [
    `  missed grouping: fresh duplicate pairs ${mine.length}, not linked by de-duplication ${missed.length}: linked in the stream after all ${tally.linkedInStream}, same hot-issue group ${tally.sameGroup} (of which the group is hot: ${tally.sameGroupHot}), different groups ${tally.otherGroups}, one or both in no group ${tally.ungrouped}`,
    ...(details ? lines : []),
  ];
}

/** Where a name group's core first occurs past the shown text, so the reader sees the mention in its sentence. */
function context(title: string, body: string, g: Group): string {
  const text = `${title}。${body}`;
  if (g.kind === 'topic') return '';
  const core = g.key.slice(g.key.indexOf(':') + 1, g.key.indexOf('@')).slice(0, 2);
  const at = text.indexOf(core);
  return at < 0 || at + core.length <= title.length + 1 + 150 ? '' : `\n        …${text.slice(Math.max(0, at - 40), at + 40)}…`;
}

function reviewText(set: DatedSet, run: SetRun, sample: Group[]): string {
  const judge = judgeFor(loadHotIssueLabels(), set);
  const byId = new Map(run.rows.map((r) => [r.id, r]));
  const mark = (v: 0 | 1 | undefined) => (v === undefined ? '?' : String(v));
  return sample
    .map((g, k) => {
      const head = `#${k} ${set} phrase=${phraseId(g.key)} labelId=${labelId(g.label)} label=${g.label} [${judge.label(g.key, g.label) ?? '?'}] key=${g.key} count=${g.ids.length}`;
      const lines = g.ids.map((id, m) => {
        const r = byId.get(id)!;
        const body = r.content.replace(/\s+/g, ' ');
        return `  ${k}.${m} ${id} [${mark(judge.member(id, g.key))}] ${r.createdAt ?? ''} ${r.title} | ${body.slice(0, 150)}${context(r.title, body, g)}`;
      });
      return [head, ...lines].join('\n');
    })
    .join('\n\n');
}

function main(argv: string[]): void {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const sets = argv.flatMap((a, i) => (argv[i - 1] === '--set' ? [a] : [])) as DatedSet[];
  for (const s of sets) if (!dated.includes(s)) throw new Error(`unknown or undated set: ${s} (use ${dated.join(', ')})`);
  const sampleSize = Number(value('--sample') ?? 30);
  const reviewDir = value('--review');
  const out: string[] = [];
  for (const set of sets.length > 0 ? sets : (['dalian', 'jiamusi'] as const)) {
    const run = runSet(set);
    const sample = sampleHot(run.groups.values(), sampleSize, seedOf[set]);
    out.push(`\n== ${set} (${roleOf[set]})`, ...statistics(run));
    if (set !== 'teddy') out.push(...labelReport(set, sample), ...missedReport(set, run, argv.includes('--details')));
    if (reviewDir) {
      mkdirSync(reviewDir, { recursive: true });
      writeFileSync(path.join(reviewDir, `${set}-hot-groups.txt`), `${reviewText(set, run, sample)}\n`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main(process.argv.slice(2));
