import { describe, expect, it } from 'vitest';
import { LexicalIndex, stem, tokenize } from '../../src/knowledge/lexical.js';

describe('identifier tokens', () => {
  it('finds a dotted op name by its parts, its pieces and its whole name', () => {
    const tokens = tokenize('transform.structured.tile_using_for');
    for (const expected of ['transform.structured.tile_using_for', 'structured.tile_using_for', 'structured', 'tile_using_for', stem('tile'), 'using']) {
      expect(tokens).toContain(expected);
    }
  });

  it('stems words so tiling/tiles/tile and fusion/fused/fuse meet', () => {
    expect(new Set(['tiling', 'tiles', 'tile'].map(stem)).size).toBe(1);
    expect(new Set(['fusion', 'fused', 'fuse'].map(stem)).size).toBe(1);
    expect(stem('loop')).toBe('loop');
  });

  it('ranks the document named in the query first, and respects the filter', () => {
    const index = LexicalIndex.build([
      { id: 'a', text: 'transform.structured.tile_using_for tiles a linalg op into loops' },
      { id: 'b', text: 'transform.loop.unroll unrolls a loop by a factor' },
      { id: 'c', text: 'transform.structured.tile_using_forall tiles into scf.forall' },
    ]);
    expect(index.search('tile_using_for', 3)[0]!.id).toBe('a');
    expect(index.search('unroll the loop', 3)[0]!.id).toBe('b');
    expect(index.search('tiling', 3, (id) => id !== 'a').map((hit) => hit.id)).toEqual(['c']);
    expect(LexicalIndex.fromData(index.toData()).search('tile_using_for', 1)[0]!.id).toBe('a');
  });
});
