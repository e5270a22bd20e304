import { lookup as dnsLookup } from 'node:dns/promises';
import { type ClientRequest, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { DeliveryError } from './delivery-error.ts';
import { canonicalAddress, isPublicAddress } from './network-address.ts';

export type ResolvedAddress = { address: string; family: number };

// Turns a host name into addresses; the default is the system resolver (getaddrinfo, so /etc/hosts counts).
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export type PostOptions = {
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxResponseBytes?: number;
  // Lets tests and self-hosted setups reach loopback and private networks; false in production.
  allowPrivateNetworks: boolean;
  resolve?: HostResolver;
};

export type HttpResponse = { status: number; headers: Record<string, string>; body: string };

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
// A Retry-After beyond this is clamped: the job runner's own bound decides when to give up.
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

const systemResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true, order: 'verbatim' });

/** POSTs `body` as JSON through the guarded client (see `postText`). */
export function postJson(url: string, body: unknown, options: PostOptions): Promise<HttpResponse> {
  return postText(url, JSON.stringify(body), 'application/json; charset=utf-8', options);
}

/**
 * POSTs a prepared body to a URL someone outside our control chose. Only http/https; the host is resolved once,
 * every address is checked against the private-network policy, and the connection goes to the checked address
 * (Host header and TLS server name stay those of the URL). Redirects are failures, never followed. The whole call,
 * DNS included, is bounded by `timeoutMs`, and the answer by `maxResponseBytes`. A 2xx answer resolves; anything
 * else throws a DeliveryError saying whether a retry can help.
 */
export async function postText(
  url: string,
  body: string,
  contentType: string,
  options: PostOptions,
): Promise<HttpResponse> {
  const target = parseTarget(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const deadline = Date.now() + timeoutMs;
  const pinned = await resolveCheckedAddress(
    target.hostname,
    {
      allowPrivateNetworks: options.allowPrivateNetworks,
      timeoutMs,
      ...(options.resolve ? { resolve: options.resolve } : {}),
    },
    target.display,
  );
  const payload = Buffer.from(body, 'utf8');
  const headers: Record<string, string> = {
    'user-agent': 'Loopdesk-Notify/1',
    accept: 'application/json, text/plain;q=0.9, */*;q=0.1',
    ...lowerCaseKeys(options.headers ?? {}),
    'content-type': contentType,
    'content-length': String(payload.length),
  };
  return exchange({
    target,
    pinned,
    payload,
    headers,
    timeoutMs,
    remainingMs: Math.max(deadline - Date.now(), 1),
    maxResponseBytes,
  });
}

type Target = { url: URL; hostname: string; display: string };

function parseTarget(text: string): Target {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DeliveryError('invalid_target', 'The delivery URL is not a valid URL.', { retryable: false });
  }
  // Query strings carry robot tokens and keys: never put them in messages or logs.
  const display = `${url.protocol}//${url.host}${url.pathname}`;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DeliveryError('invalid_target', `Only http and https URLs can be called (${url.protocol}).`, {
      retryable: false,
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw new DeliveryError('invalid_target', `User names and passwords in URLs are not sent (${display}).`, {
      retryable: false,
    });
  }
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (hostname === '') throw new DeliveryError('invalid_target', 'The URL has no host.', { retryable: false });
  return { url, hostname, display };
}

export type AddressPolicy = { allowPrivateNetworks: boolean; resolve?: HostResolver; timeoutMs?: number };

/**
 * Resolves a host once (an IP literal stands for itself) and checks every address against the policy; the caller
 * must then connect to the address returned, never to the name. `label` names the target in error messages.
 */
export async function resolveCheckedAddress(
  hostname: string,
  policy: AddressPolicy,
  label: string = hostname,
): Promise<ResolvedAddress> {
  let addresses: readonly ResolvedAddress[];
  if (isIP(hostname) !== 0) {
    addresses = [{ address: hostname, family: isIP(hostname) }];
  } else {
    addresses = await resolveWithin(policy.resolve ?? systemResolver, hostname, policy.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }
  const first = addresses[0];
  if (first === undefined) {
    throw new DeliveryError('dns_failed', `${hostname} has no address.`, { retryable: true });
  }
  if (!policy.allowPrivateNetworks) {
    // One internal address among several refuses the whole name: a mixed answer is how DNS rebinding starts.
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused !== undefined) {
      throw new DeliveryError(
        'address_refused',
        `${label} points to ${refused.address}, an internal address; outbound calls may only reach public addresses.`,
        { retryable: false },
      );
    }
  }
  return first;
}

async function resolveWithin(resolver: HostResolver, hostname: string, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeliveryError('timeout', `Resolving ${hostname} timed out.`, { retryable: true })),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([resolver(hostname), timeout]);
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    throw new DeliveryError('dns_failed', `${hostname} could not be resolved (${errorCode(error)}).`, {
      retryable: true,
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

// Hands net.connect the address we checked, whatever it asks: the name is never resolved a second time.
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) {
      callback(null, [{ address: pinned.address, family: pinned.family }]);
    } else {
      callback(null, pinned.address, pinned.family);
    }
  };
}

type Exchange = {
  target: Target;
  pinned: ResolvedAddress;
  payload: Buffer;
  headers: Record<string, string>;
  timeoutMs: number;
  remainingMs: number;
  maxResponseBytes: number;
};

function exchange(call: Exchange): Promise<HttpResponse> {
  const { target, pinned, payload, headers, maxResponseBytes } = call;
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const fail = (error: DeliveryError, request: ClientRequest) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(error);
    };
    const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
    let request: ClientRequest;
    try {
      request = send({
        protocol: target.url.protocol,
        hostname: target.hostname,
        port: target.url.port === '' ? undefined : Number(target.url.port),
        path: `${target.url.pathname}${target.url.search}`,
        method: 'POST',
        headers,
        agent: false,
        lookup: pinnedLookup(pinned),
        // Node takes the TLS server name from `hostname`; an IP literal gets none, as it should.
        ...(target.url.protocol === 'https:' && isIP(target.hostname) === 0 ? { servername: target.hostname } : {}),
      });
    } catch (error) {
      // Node refuses bad header names or values before any connection is made.
      reject(
        new DeliveryError('invalid_message', `The request to ${target.display} cannot be sent (${errorCode(error)}).`, {
          retryable: false,
          cause: error,
        }),
      );
      return;
    }
    const timer = setTimeout(
      () =>
        fail(
          new DeliveryError('timeout', `${target.display} did not answer within ${call.timeoutMs} ms.`, {
            retryable: true,
          }),
          request,
        ),
      call.remainingMs,
    );
    request.on('socket', (socket) => {
      socket.once('connect', () => {
        // Belt and braces: the socket must be connected to the address that passed the check.
        if (!sameAddress(socket.remoteAddress, pinned.address)) {
          fail(
            new DeliveryError('address_refused', `${target.display} connected to an address that was not checked.`, {
              retryable: false,
            }),
            request,
          );
        }
      });
    });
    request.on('error', (error) => {
      fail(
        new DeliveryError('connection_failed', `Calling ${target.display} failed (${errorCode(error)}).`, {
          retryable: true,
          cause: error,
        }),
        request,
      );
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        fail(
          new DeliveryError('redirect', `${target.display} answered ${status}; redirects are not followed.`, {
            retryable: false,
            status,
          }),
          request,
        );
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxResponseBytes) {
        fail(tooLarge(target, maxResponseBytes, status), request);
        return;
      }
      readBody(response, maxResponseBytes, {
        onTooLarge: () => fail(tooLarge(target, maxResponseBytes, status), request),
        onError: (error) =>
          fail(
            new DeliveryError('connection_failed', `Reading the answer of ${target.display} failed.`, {
              retryable: true,
              cause: error,
            }),
            request,
          ),
        onEnd: (text) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const answer = { status, headers: flattenHeaders(response.headers), body: text };
          if (status >= 200 && status < 300) resolve(answer);
          else reject(statusError(target, answer));
        },
      });
    });
    request.end(payload);
  });
}

function readBody(
  response: IncomingMessage,
  maxBytes: number,
  handlers: { onTooLarge: () => void; onError: (error: Error) => void; onEnd: (text: string) => void },
) {
  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      handlers.onTooLarge();
      return;
    }
    chunks.push(chunk);
  });
  response.on('error', handlers.onError);
  response.on('end', () => handlers.onEnd(new TextDecoder('utf-8').decode(Buffer.concat(chunks))));
}

function tooLarge(target: Target, maxBytes: number, status: number): DeliveryError {
  return new DeliveryError('response_too_large', `The answer of ${target.display} is larger than ${maxBytes} bytes.`, {
    retryable: false,
    status,
  });
}

function statusError(target: Target, answer: HttpResponse): DeliveryError {
  const { status } = answer;
  const retryAfterMs = parseRetryAfter(answer.headers['retry-after'], Date.now());
  const retryable = status === 408 || status === 429 || status >= 500;
  return new DeliveryError(
    status === 429 ? 'rate_limited' : 'http_status',
    `${target.display} answered ${status}.`,
    retryable ? { retryable, status, retryAfterMs } : { retryable, status },
  );
}

/** Milliseconds to wait from a Retry-After value (delta-seconds or HTTP-date), clamped to [0, 24 h]. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function sameAddress(actual: string | undefined, expected: string): boolean {
  return actual !== undefined && canonicalAddress(actual) === canonicalAddress(expected);
}

function errorCode(error: unknown): string {
  if (error instanceof Error) {
    return 'code' in error && typeof error.code === 'string' ? error.code : error.message;
  }
  return String(error);
}
