import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measureVigil, median } from './measure.js';
import { runTlc, type TlcRun } from './tlc.js';

/**
 * The liveness rows against TLC (one worker each, same run): a Vigil translation in
 * models/tlaplus/ scaled up, and TLC on the corpus original with the same constants.
 * The corpus module is read in place: a small module of our own extends it with the
 * constants, and TLC finds the original through -DTLA-Library.
 */
interface TlcLivenessRow {
  readonly label: string;
  readonly model: string;
  readonly constants: Record<string, string | number | boolean>;
  /** The corpus folder of the original, relative to the checkout. */
  readonly folder: string;
  readonly extendsModule: string;
  /** Definitions of the wrapper module (after EXTENDS). */
  readonly definitions: string;
  readonly cfg: string;
}

const proc = (n: number) => Array.from({ length: n }, (_, i) => `p${i + 1}`);

const ROWS: TlcLivenessRow[] = [
  {
    label: 'SingleLaneBridge 3+3 cars, 2 properties',
    model: 'tlaplus/SingleLaneBridge',
    constants: { CarsRight: 3, CarsLeft: 3, properties: 'CarsInBridgeExitBridge CarsEnterBridge' },
    folder: 'specifications/SingleLaneBridge',
    extendsModule: 'SingleLaneBridge',
    definitions: 'BenchRight == {"r1", "r2", "r3"}\nBenchLeft == {"l1", "l2", "l3"}\nBenchBridge == {4, 5}\nBenchPositions == 1..8',
    cfg: 'CONSTANT CarsRight <- BenchRight\nCONSTANT CarsLeft <- BenchLeft\nCONSTANT Bridge <- BenchBridge\nCONSTANT Positions <- BenchPositions\nSPECIFICATION Spec\nINVARIANT Invariants\nPROPERTY CarsInBridgeExitBridge CarsEnterBridge',
  },
  {
    label: 'Prisoners 10, Liveness',
    model: 'tlaplus/Prisoners',
    constants: { Prisoner: 10, properties: 'Liveness' },
    folder: 'specifications/Prisoners',
    extendsModule: 'Prisoners',
    definitions: '',
    cfg: `CONSTANT Prisoner = {${proc(10).join(', ')}}\nCONSTANT Counter = p1\nSPECIFICATION Spec\nINVARIANT TypeOK CountInvariant\nPROPERTY Liveness`,
  },
  {
    label: 'DijkstraMutex 3, LSpec, DeadlockFreedom',
    model: 'tlaplus/DijkstraMutex',
    constants: { Proc: 3, properties: 'DeadlockFreedom' },
    folder: 'specifications/dijkstra-mutex',
    extendsModule: 'DijkstraMutex',
    definitions: `CONSTANTS ${proc(3).join(', ')}\nBenchProc == {${proc(3).join(', ')}}`,
    cfg: `CONSTANTS ${proc(3).map((p) => `${p} = ${p}`).join(' ')}\nCONSTANT Proc <- BenchProc\nCONSTANT defaultInitValue = defaultInitValue\nSPECIFICATION LSpec\nINVARIANT MutualExclusion\nPROPERTY DeadlockFreedom`,
  },
];

function runTlcRow(jar: string, examples: string, row: TlcLivenessRow): TlcRun {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tlc-live-'));
  try {
    const name = `Bench${row.extendsModule.replace(/[^A-Za-z0-9]/g, '')}`;
    writeFileSync(join(dir, `${name}.tla`), `---- MODULE ${name} ----\nEXTENDS ${row.extendsModule}, TLC\n${row.definitions}\n====\n`);
    writeFileSync(join(dir, `${name}.cfg`), `${row.cfg}\n`);
    return runTlc(jar, `${name}.tla`, `${name}.cfg`, dir, resolve(examples, row.folder));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the rows against TLC, or one line saying why TLC is not run. */
export function printLivenessAgainstTlc(runs: number): void {
  const jar = process.env.TLC_JAR;
  const examples = process.env.TLA_EXAMPLES;
  if (!jar || !examples) {
    console.log('Against TLC: not run (set TLC_JAR=/path/to/tla2tools.jar and TLA_EXAMPLES=/path/to/tlaplus/Examples).');
    return;
  }
  console.log('\nAgainst TLC with one worker, whole runs with temporal properties (medians, the two taking turns):');
  console.log('| model | distinct (Vigil / TLC) | generated (Vigil / TLC) | Vigil | TLC | Vigil speed / TLC |');
  console.log('|---|---|---|---|---|---|');
  for (const row of ROWS) {
    const vigil: number[] = [];
    const tlc: number[] = [];
    let counts = '';
    for (let run = 0; run < runs; run++) {
      const v = measureVigil(row.label, row.model, row.constants);
      const t = runTlcRow(jar, examples, row);
      vigil.push(v.wallMs);
      tlc.push(t.wallMs);
      counts = `| ${v.distinct} / ${t.distinct} | ${v.generated} / ${t.generated} `;
    }
    const vigilMs = median(vigil);
    const tlcMs = median(tlc);
    console.log(`| ${row.label} ${counts}| ${(vigilMs / 1000).toFixed(2)} s | ${(tlcMs / 1000).toFixed(2)} s | ${(tlcMs / vigilMs).toFixed(2)}x |`);
  }
}
