import { createRequire } from 'node:module';
import type hnswlibTypes from 'hnswlib-node';
import { HlschedError } from '../errors.js';

type Hnswlib = typeof hnswlibTypes;
let hnswlibModule: Hnswlib | undefined;

/**
 * hnswlib-node is a native addon, loaded on first use: a package installed where install scripts did
 * not run (npm 11 without allowScripts) still verifies and optimizes, and says how to get the index.
 */
export function loadHnswlib(): Hnswlib {
  if (!hnswlibModule) {
    try {
      hnswlibModule = createRequire(import.meta.url)('hnswlib-node') as Hnswlib;
    } catch (cause) {
      throw new HlschedError('BACKEND_UNAVAILABLE', 'the vector index library hnswlib-node has no native build here',
        { hint: 'build it with `npm rebuild hnswlib-node` (npm 11: allow its install script first, "allowScripts": {"hnswlib-node": true} in your package.json); needs a C++ compiler', cause });
    }
  }
  return hnswlibModule;
}

/** Nearest-neighbour search over labelled vectors. */
export interface VectorStore {
  readonly dimensions: number;
  add(label: number, vector: number[]): void;
  /** Labels, nearest first, with cosine distance (0 = same direction). */
  search(vector: number[], k: number, accept?: (label: number) => boolean): Array<{ label: number; distance: number }>;
  vector(label: number): number[];
  save(file: string): Promise<void>;
}

/** hnswlib (HNSW graphs, cosine space), persisted to one file. */
export class HnswVectorStore implements VectorStore {
  private constructor(private readonly index: InstanceType<Hnswlib['HierarchicalNSW']>, readonly dimensions: number) {}

  static create(dimensions: number, capacity: number): HnswVectorStore {
    const index = new (loadHnswlib().HierarchicalNSW)('cosine', dimensions);
    index.initIndex(Math.max(1, capacity), 16, 200, 100);
    return new HnswVectorStore(index, dimensions);
  }

  static async load(file: string, dimensions: number): Promise<HnswVectorStore> {
    const index = new (loadHnswlib().HierarchicalNSW)('cosine', dimensions);
    await index.readIndex(file);
    index.setEf(100);
    return new HnswVectorStore(index, dimensions);
  }

  add(label: number, vector: number[]): void {
    this.index.addPoint(vector, label);
  }

  search(vector: number[], k: number, accept?: (label: number) => boolean): Array<{ label: number; distance: number }> {
    const available = this.index.getCurrentCount();
    if (available === 0) return [];
    const result = accept ? this.index.searchKnn(vector, Math.min(k, available), accept) : this.index.searchKnn(vector, Math.min(k, available));
    return result.neighbors.map((label, i) => ({ label, distance: result.distances[i]! }));
  }

  vector(label: number): number[] {
    return this.index.getPoint(label);
  }

  async save(file: string): Promise<void> {
    await this.index.writeIndex(file);
  }
}
