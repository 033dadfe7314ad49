import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, IncomingMessage, Server } from "node:http";
import { join } from "node:path";
import { bundleRoleManager, ROLE_MANAGER_ARCHIVE } from "../../lambda/db-role-manager/bundle";
import { zipSingleFile } from "../../lambda/zip";
import { awsDependencies, readMasterSecret } from "../../lambda/db-role-manager/src/aws";
import { handler } from "../../lambda/db-role-manager/src/handler";

/**
 * Secrets Manager cannot run here, so a local HTTP server stands in for its
 * GetSecretValue API and the real AWS SDK client talks to it.
 */
describe("reading the master secret with the AWS SDK", () => {
  let server: Server;
  let endpoint: string;
  const requests: { target?: string; body: any }[] = [];
  let reply: { status: number; body: unknown } = { status: 200, body: {} };

  beforeAll(async () => {
    server = createServer(async (request: IncomingMessage, response) => {
      let text = "";
      for await (const chunk of request) text += chunk;
      requests.push({ target: request.headers["x-amz-target"] as string, body: JSON.parse(text) });
      response.writeHead(reply.status, { "content-type": "application/x-amz-json-1.1" });
      response.end(JSON.stringify(reply.body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const client = () => new SecretsManagerClient({ region: "us-east-1", endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const arn = "arn:aws:secretsmanager:us-east-1:111111111111:secret:rds!db-1234";

  it("asks for the secret by ARN and returns its user name and password", async () => {
    reply = { status: 200, body: { ARN: arn, SecretString: JSON.stringify({ username: "dbadmin", password: "s3cret" }) } };
    await expect(readMasterSecret(client(), arn)).resolves.toEqual({ user: "dbadmin", password: "s3cret" });
    expect(requests.at(-1)).toEqual({ target: "secretsmanager.GetSecretValue", body: { SecretId: arn } });
  });

  it("says clearly when the secret cannot be read", async () => {
    reply = { status: 400, body: { __type: "AccessDeniedException", message: "not authorized to perform secretsmanager:GetSecretValue" } };
    await expect(readMasterSecret(client(), arn)).rejects.toThrow(`could not read the master secret ${arn}: not authorized to perform secretsmanager:GetSecretValue`);
  });

  it("reports a secret that is not JSON without echoing any of it", async () => {
    const text = "username=dbadmin password=Sup3r-Secret!";
    reply = { status: 200, body: { ARN: arn, SecretString: text } };
    const error = await readMasterSecret(client(), arn).then(() => undefined, (caught: Error) => caught);
    expect(error).toMatchObject({ code: "configuration_error", message: `the master secret ${arn} is not JSON` });
    // JSON.parse's own message would quote the text ("Unexpected token 'u', \"username=\"... is not valid JSON").
    expect(error!.message.replace(arn, "")).not.toMatch(/[=!]|Sup3r|username|password/);
  });

  it.each([
    ["an empty object", "{}"],
    ["a number for the username", JSON.stringify({ username: 7, password: "s3cret" })],
    ["no password", JSON.stringify({ username: "dbadmin" })],
    ["JSON null", "null"],
    ["a JSON string", JSON.stringify("dbadmin:s3cret")],
  ])("refuses a secret without a string username and password: %s", async (_case, text) => {
    reply = { status: 200, body: { ARN: arn, SecretString: text } };
    await expect(readMasterSecret(client(), arn)).rejects.toMatchObject({
      code: "configuration_error",
      message: `the master secret ${arn} has no string username and password`,
    });
  });

  it("refuses a secret without a SecretString (a binary secret)", async () => {
    reply = { status: 200, body: { ARN: arn, SecretBinary: "AAAA" } };
    await expect(readMasterSecret(client(), arn)).rejects.toMatchObject({ code: "configuration_error", message: `the master secret ${arn} has no SecretString` });
  });
});

describe("the Lambda handler", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("fails the invocation when its configuration is missing", async () => {
    for (const name of ["DB_HOST", "DB_PORT", "DB_NAME", "DB_SECRET_ARN", "AWS_REGION"]) delete process.env[name];
    await expect(handler({ action: "manage" })).rejects.toThrow(
      "configuration_error: environment variables missing: DB_HOST, DB_PORT, DB_NAME, DB_SECRET_ARN, AWS_REGION",
    );
  });

  const configured = { DB_HOST: "db.internal", DB_PORT: "5432", DB_NAME: "app", DB_SECRET_ARN: "arn:x", AWS_REGION: "us-east-1" };

  it.each(["abc", "0", "65536", "5432.0", "-1", " 5432", "1e3"])("refuses DB_PORT = %j as a configuration error, naming the variable and value, before any AWS call", async (port) => {
    // AWS cannot run here: a stand-in Secrets Manager client records whether it was asked anything.
    const send = jest.fn();
    expect(() => awsDependencies({ ...configured, DB_PORT: port }, { send } as unknown as SecretsManagerClient)).toThrow(
      expect.objectContaining({ code: "configuration_error", message: `DB_PORT = ${JSON.stringify(port)}: must be an integer from 1 to 65535` }),
    );
    expect(send).not.toHaveBeenCalled();
    Object.assign(process.env, configured, { DB_PORT: port });
    await expect(handler({ action: "manage" })).rejects.toThrow(`configuration_error: DB_PORT = ${JSON.stringify(port)}: must be an integer from 1 to 65535`);
  });

  it("takes a valid DB_PORT as the port to connect to", () => {
    expect(awsDependencies({ ...configured, DB_PORT: "65535" }, { send: jest.fn() } as unknown as SecretsManagerClient).connection.port).toBe(65535);
  });

  it("fails the invocation, so that the apply fails, when the result is an error", async () => {
    Object.assign(process.env, configured);
    await expect(handler({ action: "grant-everything" })).rejects.toThrow('invalid_event: action = "grant-everything": must be one of manage, check');
  });
});

/** Bytes compared by length and SHA-256: as exact as comparing them one by one, which takes jest's equality seconds on a bundle. */
const bytesOf = (data: Buffer) => ({ length: data.length, sha256: createHash("sha256").update(data).digest("hex") });

describe("the role manager bundle", () => {
  const dir = bundleRoleManager();
  // The bundle is a built file found at run time, not a module known to the type checker.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loadBundle = () => require(join(dir, "index.js"));

  it("zips one minified index.js with the handler into an archive under 1 MB that unzip accepts", () => {
    expect(readdirSync(dir).sort()).toEqual([ROLE_MANAGER_ARCHIVE, "index.js"]);
    const archive = join(dir, ROLE_MANAGER_ARCHIVE);
    expect(statSync(archive).size).toBeLessThan(1024 * 1024);
    expect(execFileSync("unzip", ["-t", archive], { encoding: "utf8" })).toContain("No errors detected");
    expect(bytesOf(execFileSync("unzip", ["-p", archive, "index.js"]))).toEqual(bytesOf(readFileSync(join(dir, "index.js"))));
    expect(typeof loadBundle().handler).toBe("function");
  });

  it("zips deterministically: the same code gives the same bytes", () => {
    const code = readFileSync(join(dir, "index.js"));
    expect(bytesOf(zipSingleFile("index.js", code))).toEqual(bytesOf(readFileSync(join(dir, ROLE_MANAGER_ARCHIVE))));
  });

  it("runs on its own: the bundled handler validates events", async () => {
    const { handler: bundled } = loadBundle();
    const saved = { ...process.env };
    Object.assign(process.env, { DB_HOST: "db.internal", DB_PORT: "5432", DB_NAME: "app", DB_SECRET_ARN: "arn:x", AWS_REGION: "us-east-1" });
    await expect(bundled({ action: "manage", schema: "Robert'); DROP TABLE students;--" })).rejects.toThrow(/^invalid_event: schema = /);
    process.env = saved;
  });

  it("is built once and reused", () => {
    expect(bundleRoleManager()).toBe(dir);
  });
});
