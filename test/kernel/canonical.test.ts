import { canonicalJson, hashOf } from '../../kernel/canonical.js';

describe('canonical json', () => {
  it('ignores key order and undefined, normalises -0', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe('{"a":[1,{"d":2}],"b":1}');
    expect(hashOf({ x: 0 })).toBe(hashOf({ x: -0 }));
    expect(hashOf({ a: 1, b: 2 })).toBe(hashOf({ b: 2, a: 1 }));
  });

  it('distinguishes values that JSON.stringify would conflate', () => {
    expect(hashOf({ x: 1 })).not.toBe(hashOf({ x: '1' }));
    expect(hashOf([1, 2])).not.toBe(hashOf([2, 1]));
    expect(hashOf({ w: new Float32Array([1, 2]) })).not.toBe(hashOf({ w: new Float32Array([1, 3]) }));
  });
});
