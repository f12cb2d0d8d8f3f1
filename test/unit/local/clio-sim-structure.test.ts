import { readdirSync, readFileSync } from 'node:fs';
import { OPERATION_QUERY_PARAMS } from '../../../local/clio-sim/spec-params.data.js';
import { ROUTES } from '../../../local/clio-sim/routes.js';

const DIR = new URL('../../../local/clio-sim/', import.meta.url);

/**
 * The simulator's modules from the bottom up; a module may import from its own layer or a lower one.
 * A new module has to be placed here.
 */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['clio-schema.data', 'clio-schema-extra.data', 'spec-params.data', 'test-client'],
  ['types-records', 'types'],
  ['http', 'spec', 'fields', 'validate', 'conditional'],
  ['store', 'views', 'views-records'],
  [
    'context',
    'listing',
    'gate',
    'chaos',
    'oauth',
    'uploads',
    'webhook-delivery',
    'contacts',
    'contacts-update',
    'communications',
    'communications-update',
    'matters-users',
    'activities',
    'relationships',
    'documents',
    'webhooks',
  ],
  ['routes'],
  ['api', 'control'],
  ['server'],
  ['main', 'gen-spec-data'],
];

/** Module name → the simulator modules it imports (static, type-only and dynamic imports alike). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of readdirSync(DIR).filter((name) => name.endsWith('.ts'))) {
    const text = readFileSync(new URL(file, DIR), 'utf8');
    const targets = [...text.matchAll(/(?:from\s+|import\s*\(?\s*)'\.\/([^']+)\.js'/g)].map((match) => match[1] ?? '');
    graph.set(file.replace(/\.ts$/, ''), [...new Set(targets)]);
  }
  return graph;
}

/** The first import cycle found, as a path `a → b → … → a`, or undefined. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    const at = path.indexOf(node);
    if (at >= 0) return [...path.slice(at), node];
    if (done.has(node)) return undefined;
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(node);
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('Clio simulator module structure', () => {
  const graph = importGraph();
  const layerOf = new Map(LAYERS.flatMap((modules, layer) => modules.map((name): [string, number] => [name, layer])));

  it('finds a cycle when there is one, and none in a chain', () => {
    // Act
    const cyclic = findCycle(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', ['a']],
      ]),
    );
    const chain = findCycle(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', []],
      ]),
    );
    // Assess
    expect(cyclic).toEqual(['a', 'b', 'c', 'a']);
    expect(chain).toBeUndefined();
  });

  it('has no import cycle', () => {
    // Act
    const cycle = findCycle(graph);
    // Assess
    expect(cycle?.join(' → ')).toBeUndefined();
  });

  it('places every module in a layer and imports only from its own layer or below', () => {
    // Act
    const unplaced = [...graph.keys()].filter((name) => !layerOf.has(name));
    const upward = [...graph].flatMap(([name, targets]) =>
      targets.filter((target) => (layerOf.get(target) ?? Infinity) > (layerOf.get(name) ?? -1)).map((target) => `${name} → ${target}`),
    );
    // Assess
    expect(unplaced).toEqual([]);
    expect(upward).toEqual([]);
  });

  it("serves only operations whose parameters were generated from Clio's spec", () => {
    // Act
    const missing = [...ROUTES.keys()].filter((key) => OPERATION_QUERY_PARAMS[key] === undefined);
    // Assess
    expect(missing).toEqual([]);
  });
});
