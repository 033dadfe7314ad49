/**
 * Keys that a JSON text sets twice in one object. JSON.parse keeps the last
 * value without a word, so a configuration file with `"prod"` twice would
 * silently lose the first. Runs on text that JSON.parse accepted.
 */

type Segment = string | number;

interface ObjectFrame {
  readonly kind: "object";
  readonly path: readonly Segment[];
  readonly keys: Set<string>;
  key?: string;
}

interface ArrayFrame {
  readonly kind: "array";
  readonly path: readonly Segment[];
  index: number;
}

/** The paths (as key lists) of every key set a second time in its object. */
export function duplicateKeyPaths(text: string): Segment[][] {
  const found: Segment[][] = [];
  const stack: (ObjectFrame | ArrayFrame)[] = [];
  let expectingKey = false;
  const childPath = (frame: ObjectFrame | ArrayFrame): Segment[] => [...frame.path, frame.kind === "object" ? frame.key! : frame.index];
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '"') {
      let end = at + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.kind === "object" && expectingKey) {
        const key = JSON.parse(text.slice(at, end + 1)) as string;
        if (top.keys.has(key)) found.push([...top.path, key]);
        top.keys.add(key);
        top.key = key;
        expectingKey = false;
      }
      at = end;
    } else if (char === "{" || char === "[") {
      const top = stack[stack.length - 1];
      const path = top ? childPath(top) : [];
      stack.push(char === "{" ? { kind: "object", path, keys: new Set() } : { kind: "array", path, index: 0 });
      expectingKey = char === "{";
    } else if (char === "}" || char === "]") {
      stack.pop();
    } else if (char === ",") {
      const top = stack[stack.length - 1];
      if (top?.kind === "object") expectingKey = true;
      else if (top) top.index++;
    }
  }
  return found;
}
