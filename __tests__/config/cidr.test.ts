import { cidrsOverlap, cidrSubnet, formatCidr, parseCidr } from "../../src/config/shared/cidr";

describe("CIDR arithmetic", () => {
  it("parses a block and detects host bits", () => {
    expect(parseCidr("10.10.0.0/16")).toEqual({ address: 0x0a0a0000, prefix: 16, hostBitsSet: false });
    expect(parseCidr("10.10.0.1/16")?.hostBitsSet).toBe(true);
  });

  it.each(["10.10.0.0", "10.10.0.0/33", "256.0.0.0/16", "10.10.0/16", "a.b.c.d/16", ""])("rejects %j", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it("computes Terraform's cidrsubnet", () => {
    const vpc = parseCidr("10.40.0.0/16")!;
    expect(formatCidr(cidrSubnet(vpc, 8, 1))).toBe("10.40.1.0/24");
    expect(formatCidr(cidrSubnet(vpc, 8, 23))).toBe("10.40.23.0/24");
    expect(formatCidr(cidrSubnet(parseCidr("10.0.16.0/20")!, 8, 21))).toBe("10.0.17.80/28");
    expect(() => cidrSubnet(vpc, 8, 256)).toThrow("netnum 256 does not fit in 8 bits");
  });

  it("detects overlap", () => {
    const block = (text: string) => parseCidr(text)!;
    expect(cidrsOverlap(block("10.10.0.0/16"), block("10.10.128.0/17"))).toBe(true);
    expect(cidrsOverlap(block("10.10.0.0/16"), block("10.11.0.0/16"))).toBe(false);
    expect(cidrsOverlap(block("10.0.0.0/8"), block("10.200.0.0/16"))).toBe(true);
  });
});
