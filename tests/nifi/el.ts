/**
 * A tiny evaluator for the NiFi Expression Language subset our flows use in key expressions (attribute references,
 * isEmpty, ifElse, append, prepend, quoted literals), so tests can check what a key expression produces.
 */
type Attrs = Record<string, string | undefined>;

class Parser {
  private i = 0;
  constructor(private readonly s: string, private readonly attrs: Attrs) {}

  private expect(ch: string): void {
    if (this.s[this.i] !== ch) throw new Error(`expected "${ch}" at ${this.i} in ${this.s}`);
    this.i++;
  }

  private skipSpaces(): void {
    while (this.s[this.i] === " ") this.i++;
  }

  /** `${name:fn(args)...}` */
  expression(): string | undefined {
    this.expect("$");
    this.expect("{");
    const start = this.i;
    while (!/[:}]/.test(this.s[this.i])) this.i++;
    let value: string | undefined = this.attrs[this.s.slice(start, this.i)];
    while (this.s[this.i] === ":") {
      this.i++;
      const fnStart = this.i;
      while (this.s[this.i] !== "(") this.i++;
      const fn = this.s.slice(fnStart, this.i);
      const args = this.args();
      value = apply(fn, value, args);
    }
    this.expect("}");
    return value;
  }

  private args(): (string | undefined)[] {
    this.expect("(");
    const out: (string | undefined)[] = [];
    this.skipSpaces();
    while (this.s[this.i] !== ")") {
      out.push(this.s[this.i] === "'" ? this.literal() : this.expression());
      this.skipSpaces();
      if (this.s[this.i] === ",") this.i++;
      this.skipSpaces();
    }
    this.expect(")");
    return out;
  }

  private literal(): string {
    this.expect("'");
    const start = this.i;
    while (this.s[this.i] !== "'") this.i++;
    const text = this.s.slice(start, this.i);
    this.expect("'");
    return text;
  }
}

function apply(fn: string, subject: string | undefined, args: (string | undefined)[]): string | undefined {
  switch (fn) {
    case "isEmpty":
      return String(subject === undefined || subject.trim() === "");
    case "ifElse":
      return subject === "true" ? args[0] : args[1];
    case "append":
      return (subject ?? "") + (args[0] ?? "");
    case "prepend":
      return (args[0] ?? "") + (subject ?? "");
    default:
      throw new Error(`EL function ${fn} is not supported by the test evaluator`);
  }
}

/** Evaluates a property value made of exactly one `${...}` expression. */
export function evaluate(expression: string, attrs: Attrs): string | undefined {
  return new Parser(expression, attrs).expression();
}

/** Attributes ExtractText adds for `properties` (name -> regex; find semantics, groups as name.N, name = group 1). */
export function extractText(properties: Record<string, string>, text: string): Attrs {
  const attrs: Attrs = {};
  for (const [name, regex] of Object.entries(properties)) {
    const m = new RegExp(regex).exec(text);
    if (!m) continue;
    attrs[name] = m[1];
    m.slice(1).forEach((g, i) => (attrs[`${name}.${i + 1}`] = g));
  }
  return attrs;
}
