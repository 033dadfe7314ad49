/**
 * IPv4 CIDR arithmetic for the configuration model: parsing, overlap and
 * Terraform's `cidrsubnet()`, computed here so that the synthesized plan shows
 * literal subnet ranges instead of expressions.
 */

/** A parsed IPv4 CIDR block. */
export interface Ipv4Cidr {
  /** The network address as an unsigned 32-bit integer. */
  readonly address: number;
  /** The prefix length, 0 to 32. */
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined when the text is not an IPv4 CIDR. */
export function parseCidr(text: string): (Ipv4Cidr & { readonly hostBitsSet: boolean }) | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) return undefined;
  const raw = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  const address = raw - (raw % 2 ** (32 - prefix));
  return { address, prefix, hostBitsSet: address !== raw };
}

/** Formats a CIDR block as `a.b.c.d/n`. */
export function formatCidr(cidr: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.address / 2 ** shift) % 256);
  return `${octets.join(".")}/${cidr.prefix}`;
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.address + 2 ** (32 - a.prefix);
  const bEnd = b.address + 2 ** (32 - b.prefix);
  return a.address < bEnd && b.address < aEnd;
}

/** Terraform's `cidrsubnet(prefix, newbits, netnum)`. */
export function cidrSubnet(parent: Ipv4Cidr, newBits: number, netNum: number): Ipv4Cidr {
  const prefix = parent.prefix + newBits;
  if (prefix > 32) throw new RangeError(`cidrSubnet: prefix /${prefix} exceeds 32`);
  if (netNum < 0 || netNum >= 2 ** newBits) {
    throw new RangeError(`cidrSubnet: netnum ${netNum} does not fit in ${newBits} bits`);
  }
  return { address: parent.address + netNum * 2 ** (32 - prefix), prefix };
}
