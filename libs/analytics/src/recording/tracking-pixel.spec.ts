import { TRANSPARENT_GIF } from './tracking-pixel';

// The GIF89a layout (https://www.w3.org/Graphics/GIF/spec-gif89a.txt), decoded by hand.
describe('TRANSPARENT_GIF', () => {
  const gif = TRANSPARENT_GIF;

  it('is the 43-byte GIF89a 1×1 image', () => {
    expect(gif.length).toBe(43);
    expect(gif.subarray(0, 6).toString('ascii')).toBe('GIF89a');
    expect([gif.readUInt16LE(6), gif.readUInt16LE(8)]).toEqual([1, 1]);
    expect(gif[gif.length - 1]).toBe(0x3b); // trailer
  });

  it('is byte for byte the image written out from the spec', () => {
    const expected = [
      ...Buffer.from('GIF89a', 'ascii'), 1, 0, 1, 0, 0x80, 0, 0, // screen 1×1, 2-colour global table
      0xff, 0xff, 0xff, 0, 0, 0, // white, black
      0x21, 0xf9, 4, 1, 0, 0, 0, 0, // graphic control: transparent index 0
      0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, // image 1×1 at 0,0
      2, 2, 0x44, 0x01, 0, // LZW minimum code size 2: clear, pixel 0, end
      0x3b,
    ];
    expect([...gif]).toEqual(expected);
  });

  it('has a 2-colour global table and marks its colour 0 transparent', () => {
    expect(gif[10] & 0x80).toBe(0x80); // global colour table present
    expect(2 ** ((gif[10] & 0x07) + 1)).toBe(2);
    // Graphic control extension right after the 6-byte table.
    const gce = 13 + 6;
    expect([...gif.subarray(gce, gce + 3)]).toEqual([0x21, 0xf9, 0x04]);
    expect(gif[gce + 3] & 0x01).toBe(1); // transparent colour flag
    expect(gif[gce + 6]).toBe(0); // transparent colour index
  });

  it('has one image descriptor of 1×1 at the origin', () => {
    const descriptor = 13 + 6 + 8;
    expect(gif[descriptor]).toBe(0x2c);
    expect([gif.readUInt16LE(descriptor + 1), gif.readUInt16LE(descriptor + 3), gif.readUInt16LE(descriptor + 5), gif.readUInt16LE(descriptor + 7)]).toEqual([0, 0, 1, 1]);
  });
});
