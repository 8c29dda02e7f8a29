import { bearingDegrees, compassPoint, formatKm, formatSide, gridCellLabels, groundSideMeters, type LandmarkStore } from './area-labels';

/**
 * Expected answers worked out by hand. Near the equator a Web-Mercator metre is a metre east and
 * (to 1e-5) north: a 1 km cell (cx, cy) spans x from cx·1000 to (cx+1)·1000 m, its centre is at
 * ((cx+½)·1000, (cy+½)·1000) m, i.e. lng = x / 6,378,137 rad (0.0044916° per 500 m). The haversine
 * sphere (6,371,008.8 m) makes such a distance d Mercator-metres 6,371,008.8 / 6,378,137 · d = 0.998882 · d.
 */
// 10 m east and north of the origin (10 / 6,378,137 rad = 0.0000898°): inside cell 0,0, clear of its edges
// (at exactly 0 the float of log(tan(45°)) is −7e-10 and the point falls in row −1, in the SQL as here).
const ELM: LandmarkStore = { id: 'a', name: 'Elm Street', lat: 0.0000898, lng: 0.0000898 };
// lng 0.03° = 0.03 · π/180 · 6,378,137 = 3,339.6 m east; lat 0 is y = 0, the bottom edge of row 0.
const OAK: LandmarkStore = { id: 'b', name: 'Oak Avenue', lat: 0, lng: 0.03 };
const cell = (cx: number, cy: number) => ({ cx, cy });

describe('area labels', () => {
  it('compass points: 8 by default, 16 on request; north is both ends of the circle', () => {
    expect([0, 22.4, 22.6, 90, 180, 247, 337.4, 337.6, 359.9].map((b) => compassPoint(b))).toEqual(['N', 'N', 'NE', 'E', 'S', 'SW', 'NW', 'N', 'N']);
    expect([11.2, 11.3, 341.6, 18.4].map((b) => compassPoint(b, 16))).toEqual(['N', 'NNE', 'NNW', 'NNE']);
  });

  it('bearings: east along the equator is 90°, north along a meridian 0°, the diagonal of a square at the equator 45°', () => {
    expect(bearingDegrees({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo(90, 9);
    expect(bearingDegrees({ lat: 10, lng: 5 }, { lat: 11, lng: 5 })).toBeCloseTo(0, 9);
    expect(bearingDegrees({ lat: 0, lng: 0 }, { lat: 0.001, lng: 0.001 })).toBeCloseTo(45, 4);
    expect(bearingDegrees({ lat: 0, lng: 0 }, { lat: -1, lng: 0 })).toBeCloseTo(180, 9);
  });

  it('distances and sides in words', () => {
    expect([706.3, 976.1, 49, 2391, 9949, 9950, 12_400].map(formatKm)).toEqual(['0.7 km', '1 km', '0.1 km', '2.4 km', '9.9 km', '10 km', '12 km']);
    expect([758.1, 250, 994, 1000, 1449, 3789.6].map(formatSide)).toEqual(['760 m', '250 m', '990 m', '1 km', '1.4 km', '3.8 km']);
  });

  it('a cell\'s side on the ground: the Mercator side times the cosine of its centre\'s latitude', () => {
    // Row 4968 of 1 km cells: its centre at y = 4,968,500 m is latitude 2·atan(e^(y/R)) − 90° = 40.7030°; cos = 0.758110.
    expect(groundSideMeters(4968, 1000)).toBeCloseTo(758.11, 1);
    expect(groundSideMeters(0, 1000)).toBeCloseTo(1000, 3);
  });

  it('names a cell by the store inside it, else by the nearest store\'s direction and distance to the cell\'s centre', () => {
    const labels = gridCellLabels([cell(0, 0), cell(2, 0), cell(0, 5)], 1000, [ELM, OAK]);
    // Elm Street (x = y = 10 m) is in cell 0,0.
    expect(labels.get('0,0')).toBe('1 km square around Elm Street');
    // Cell 2,0's centre is (2,500, 500): from Oak (3,339.6, 0) it is 839.6 m W and 500 m N: √(839.6² + 500²) = 977.2 · 0.998882 = 976.1 m → "1 km";
    // bearing atan2(−839.6, 500) = −59.2° = 300.8° → NW (292.5° to 337.5°). Elm is √(2,500² + 500²) = 2.5 km away.
    expect(labels.get('2,0')).toBe('1 km square 1 km NW of Oak Avenue');
    // Cell 0,5's centre (500, 5,500): from Elm (490 m E, 5,490 m N) √(490² + 5,490²) = 5,511.8 · 0.998882 = 5,505.7 m, bearing atan2(490, 5,490) = 5.1° → N.
    // From Oak: √(2,839.6² + 5,500²) = 6.19 km: farther.
    expect(labels.get('0,5')).toBe('1 km square 5.5 km N of Elm Street');
  });

  it('diagonal cells: NE at √2 times the step', () => {
    // Store at (lat, lng) = (−0.0044916°, −0.0044916°) = Mercator (−500, −500): in cell −1,−1; cell 0,0's centre (500, 500) is
    // 1,000 m E and 1,000 m N of it: √2 · 1,000 · 0.998882 = 1,412.6 m → "1.4 km", bearing 45° → NE.
    const store = { id: 'c', name: 'Pine Road', lat: -0.0044916, lng: -0.0044916 };
    expect(gridCellLabels([cell(0, 0)], 1000, [store]).get('0,0')).toBe('1 km square 1.4 km NE of Pine Road');
    // Cell 1,1's centre (1,500, 1,500): 2,000 m E and N of the store: √2 · 2,000 · 0.998882 = 2,825 m → "2.8 km", 45°.
    expect(gridCellLabels([cell(1, 1)], 1000, [store]).get('1,1')).toBe('1 km square 2.8 km NE of Pine Road');
  });

  it('a store inside the cell names it even when another store outside is nearer the centre', () => {
    // Cell 0,0 spans 0–1,000 m; Elm at (10, 10) is 693 m from the centre; "Corner Shop" at (−10 m, 480 m) is
    // outside (x < 0) but 510 m from the centre (500, 500).
    const corner = { id: 'd', name: 'Corner Shop', lat: 0.0043118, lng: -0.0000898 };
    expect(gridCellLabels([cell(0, 0)], 1000, [corner, ELM]).get('0,0')).toBe('1 km square around Elm Street');
  });

  it('two cells that would read the same are told apart by 16 compass points, then by their key', () => {
    // From Elm (10, 10): cell −1,1's centre (−500, 1,500) is (−510, 1,490): 1,574.9 · 0.998882 = 1,573 m, 341.1°; cell 0,1's
    // (500, 1,500) is (490, 1,490): 1,566.7 m, 18.2°. Both "1.6 km N" on 8 points; on 16 points NNW (15.2 → 15) and NNE (0.81 → 1).
    const sixteen = gridCellLabels([cell(-1, 1), cell(0, 1)], 1000, [ELM]);
    expect([sixteen.get('-1,1'), sixteen.get('0,1')]).toEqual(['1 km square 1.6 km NNW of Elm Street', '1 km square 1.6 km NNE of Elm Street']);
    // Cells 3,4 and 4,3 mirror each other across the 45° line through Elm: (3,490, 4,490) and (4,490, 3,490), 5,686.8 · 0.998882 = 5,680 m
    // at 37.9° and 52.1°: NE on 8 points and on 16 (1.68 → 2, 2.32 → 2).
    const mirrored = gridCellLabels([cell(3, 4), cell(4, 3), cell(0, 0)], 1000, [ELM]);
    expect([mirrored.get('3,4'), mirrored.get('4,3'), mirrored.get('0,0')]).toEqual([
      '1 km square 5.7 km NE of Elm Street (cell 3,4)', '1 km square 5.7 km NE of Elm Street (cell 4,3)', '1 km square around Elm Street',
    ]);
  });

  it('without a placed store: the cell key', () => {
    expect(gridCellLabels([cell(-8231, 4968)], 1000, []).get('-8231,4968')).toBe('Cell -8231,4968');
  });

  it('at New York\'s latitude the cell is 760 m on the ground (the e2e business)', () => {
    // Elm Street at 40.7, −74.0 is Mercator (−8,237,642 m, 4,969,004 m): cell −8238,4968. The cell 0.03° east (−73.97)
    // is −8235,4968, centre (−8,234,500, 4,968,500) = 40.70301°, −73.97182°: 2.39 km at 84.4° → E.
    const nyc = { id: 'e', name: 'Elm Street', lat: 40.7, lng: -74.0 };
    const labels = gridCellLabels([cell(-8238, 4968), cell(-8235, 4968)], 1000, [nyc]);
    expect([labels.get('-8238,4968'), labels.get('-8235,4968')]).toEqual(['760 m square around Elm Street', '760 m square 2.4 km E of Elm Street']);
  });
});
