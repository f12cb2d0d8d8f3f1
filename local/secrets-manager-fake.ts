import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Just enough of Secrets Manager's JSON 1.1 protocol (`X-Amz-Target: secretsmanager.<Action>`) for the local
 * stack: GetSecretValue, CreateSecret, PutSecretValue, DeleteSecret, and ListSecrets (by name prefix; for tests that
 * check what is left). There is no Secrets Manager emulator on npm.
 */
export interface SecretsManagerFake {
  readonly url: string;
  stop(): Promise<void>;
}

interface Secret {
  readonly arn: string;
  readonly name: string;
  value: string;
  versionId: string;
  readonly created: number;
}

class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const secretString = (input: Record<string, unknown>): string => (typeof input.SecretString === 'string' ? input.SecretString : '');

const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
};

export const startSecretsManagerFake = async (options: { port?: number; host?: string } = {}): Promise<SecretsManagerFake> => {
  const secrets = new Map<string, Secret>();
  const find = (id: unknown): Secret => {
    const secret = typeof id === 'string' ? (secrets.get(id) ?? [...secrets.values()].find((s) => s.arn === id)) : undefined;
    if (!secret) throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  };
  const actions: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> = {
    GetSecretValue: (input) => {
      const s = find(input.SecretId);
      return { ARN: s.arn, Name: s.name, SecretString: s.value, VersionId: s.versionId, VersionStages: ['AWSCURRENT'], CreatedDate: s.created / 1000 };
    },
    CreateSecret: (input) => {
      const name = String(input.Name);
      if (secrets.has(name)) throw new AwsError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
      const secret: Secret = {
        arn: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-${randomUUID().slice(0, 6)}`,
        name,
        value: secretString(input),
        versionId: randomUUID(),
        created: Date.now(),
      };
      secrets.set(name, secret);
      return { ARN: secret.arn, Name: name, VersionId: secret.versionId };
    },
    PutSecretValue: (input) => {
      const s = find(input.SecretId);
      s.value = secretString(input);
      s.versionId = randomUUID();
      return { ARN: s.arn, Name: s.name, VersionId: s.versionId, VersionStages: ['AWSCURRENT'] };
    },
    ListSecrets: (input) => {
      const filters = Array.isArray(input.Filters) ? (input.Filters as { Key?: string; Values?: string[] }[]) : [];
      const prefixes = filters.filter((f) => f.Key === 'name').flatMap((f) => f.Values ?? []);
      const listed = [...secrets.values()].filter((s) => prefixes.length === 0 || prefixes.some((p) => s.name.startsWith(p)));
      return { SecretList: listed.map((s) => ({ ARN: s.arn, Name: s.name })) };
    },
    DeleteSecret: (input) => {
      const s = find(input.SecretId);
      secrets.delete(s.name);
      return { ARN: s.arn, Name: s.name, DeletionDate: Date.now() / 1000 };
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const send = (status: number, body: unknown, type?: string) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(type ? { 'x-amzn-errortype': type } : {}) });
      res.end(JSON.stringify(body));
    };
    const action = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
    try {
      const run = actions[action];
      if (!run) throw new AwsError('InvalidAction', `Action ${action} is not supported by the local fake`);
      send(200, run(await readBody(req)));
    } catch (error) {
      const type = error instanceof AwsError ? error.type : 'InternalServiceError';
      send(error instanceof AwsError ? 400 : 500, { __type: type, message: (error as Error).message }, type);
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    stop: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
};
