import { KNOWN_REGIONS } from "../../src/config/shared/regions";
import { PRICE_TABLE } from "../../src/cost/price-table";
import { pricedRegion } from "../../src/cost/pricer";

describe("the price table's regions", () => {
  it("prices every region the configuration accepts: with its own prices, or with a fallback region that has them", () => {
    const unpriced = KNOWN_REGIONS.filter((region) => pricedRegion(PRICE_TABLE, region) === undefined);
    expect(unpriced).toEqual([]);
    for (const region of KNOWN_REGIONS) {
      const own = Object.hasOwn(PRICE_TABLE.regions, region);
      expect([region, own ? region : PRICE_TABLE.fallbacks[region]]).toEqual([region, pricedRegion(PRICE_TABLE, region)]);
    }
  });

  it("falls back only from regions the configuration accepts and without prices of their own, to a region with its own", () => {
    for (const [region, fallback] of Object.entries(PRICE_TABLE.fallbacks)) {
      expect([region, KNOWN_REGIONS.includes(region), Object.hasOwn(PRICE_TABLE.regions, region), Object.hasOwn(PRICE_TABLE.regions, fallback)]).toEqual([region, true, false, true]);
    }
  });

  it("says when it was written and where its prices come from", () => {
    expect(PRICE_TABLE.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICE_TABLE.source).toMatch(/AWS public pricing pages.*https:\/\/aws\.amazon\.com\/pricing\//);
  });
});
