import type { ChatPromptTemplate } from '@langchain/core/prompts';
import { ChatOpenAICompletions } from '@langchain/openai';
import { raceSignal } from '../lib/deadline.js';
import { classifyStatus, withRetries, type Failure } from '../lib/retry.js';

/**
 * Access to an OpenAI-compatible chat model (OpenAI, Azure-compatible gateways, Ollama, vLLM, LM Studio,
 * llama.cpp server) through LangChain.js: `prompt.pipe(model)` over the Chat Completions endpoint, which
 * every such server speaks.
 *
 * Failures follow the one retry policy (lib/retry): 5xx and network errors back off and retry, a 429 waits
 * what the server asked (Retry-After), other 4xx are not retried. Every call runs under the caller's
 * `signal` — the question's deadline — which also bounds the waits between retries. What finally fails
 * is one {@link LlmError} with a `kind`, so the assistant can fall back and log why without any text.
 */
export type LlmFailureKind = 'timeout' | 'rate-limited' | 'server' | 'network' | 'malformed' | 'refused';

export class LlmError extends Error {
  override readonly name = 'LlmError';
  constructor(
    readonly kind: LlmFailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ModelUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ModelReply {
  text: string;
  usage: ModelUsage;
}

/** What the assistant needs from a chat model (the tests and the benchmark use the real one, on a fake server). */
export interface ChatRunner {
  /** Model name (part of the answer-cache key). */
  readonly name: string;
  run(prompt: ChatPromptTemplate, input: Record<string, string>, signal: AbortSignal): Promise<ModelReply>;
}

export interface ChatModelOptions {
  model: string;
  apiKey?: string;
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1; OpenAI's when absent. */
  baseURL?: string;
  temperature?: number;
  /** Longest reply in tokens. */
  maxTokens?: number;
  /** Attempts per call, the first included (default 3). */
  maxAttempts?: number;
  /** First backoff delay (default 500 ms). */
  baseDelayMs?: number;
  /** The HTTP client's own per-request timeout (a second, timer-based bound; default 60 s). */
  requestTimeoutMs?: number;
  /** Injected for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (info: { attempt: number; delayMs: number; kind: Failure['kind'] }) => void;
}

interface HttpishError {
  status?: unknown;
  headers?: { get?: (name: string) => string | null | undefined };
  name?: unknown;
  code?: unknown;
  constructor?: { name?: string };
}

const NETWORK_NAMES = new Set(['APIConnectionError', 'APIConnectionTimeoutError', 'TimeoutError', 'FetchError']);
// Note: a DeadlineError is also named TimeoutError, but withRetries rethrows once the signal aborted.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** How the retry policy treats an error thrown by the OpenAI client. */
export function classifyLlmError(err: unknown): Failure {
  if (err instanceof LlmError) return err.kind === 'network' || err.kind === 'server' ? { kind: 'transient' } : { kind: 'permanent' };
  const e = (err ?? {}) as HttpishError;
  if (typeof e.status === 'number') {
    const after = Number(e.headers?.get?.('retry-after'));
    return classifyStatus(e.status, Number.isFinite(after) && after >= 0 ? after : undefined);
  }
  if (NETWORK_NAMES.has(String(e.name)) || NETWORK_NAMES.has(String(e.constructor?.name)) || NETWORK_CODES.has(String(e.code))) {
    return { kind: 'transient' };
  }
  return { kind: 'permanent' };
}

/** The {@link LlmError} for whatever ended a call. */
export function toLlmError(err: unknown, signal: AbortSignal): LlmError {
  if (err instanceof LlmError) return err;
  if (signal.aborted) return new LlmError('timeout', 'model call exceeded its deadline');
  const e = (err ?? {}) as HttpishError;
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (status === 429) return new LlmError('rate-limited', 'model rate limit (429)', status);
  if (status !== undefined && (status >= 500 || status === 408)) return new LlmError('server', `model server error (${status})`, status);
  if (status !== undefined) return new LlmError('refused', `model refused the request (${status})`, status);
  if (classifyLlmError(err).kind === 'transient') return new LlmError('network', 'model unreachable');
  // SyntaxError / TypeError from reading a broken response body.
  return new LlmError('malformed', `unusable model response (${String(e.name ?? 'error')})`);
}

/** The text of a model message, or undefined when it is not plain text. */
function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts = content.map((p: unknown) => (typeof p === 'string' ? p : (p as { type?: string; text?: unknown })?.type === 'text' ? (p as { text?: unknown }).text : undefined));
    if (parts.every((p) => typeof p === 'string')) return parts.join('');
  }
  return undefined;
}

/** Rough token count (≈ 4 characters a token) for servers that do not report usage. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export class ChatModel implements ChatRunner {
  readonly name: string;
  private readonly llm: ChatOpenAICompletions;
  private readonly options: ChatModelOptions;

  constructor(options: ChatModelOptions) {
    this.options = options;
    this.name = options.model;
    this.llm = new ChatOpenAICompletions({
      model: options.model,
      // Local servers (Ollama, vLLM…) need no key, but the client insists on one.
      apiKey: options.apiKey ?? 'no-key',
      configuration: { baseURL: options.baseURL },
      timeout: options.requestTimeoutMs ?? 60_000,
      temperature: options.temperature ?? 0.2,
      maxTokens: options.maxTokens ?? 500,
      // Retries are ours (lib/retry), under the question's deadline.
      maxRetries: 0,
    });
  }

  /** Formats `prompt` with `input` and asks the model; throws {@link LlmError}. */
  async run(prompt: ChatPromptTemplate, input: Record<string, string>, signal: AbortSignal): Promise<ModelReply> {
    const chain = prompt.pipe(this.llm);
    try {
      return await withRetries(
        async () => {
          // Raced with the signal: the wait ends at the deadline even if a layer below loses the signal.
          const message = await raceSignal(chain.invoke(input, { signal }), signal);
          const text = textOf(message.content);
          if (text === undefined || !text.trim()) throw new LlmError('malformed', 'empty or non-text model reply');
          const usage = message.usage_metadata;
          return {
            text,
            usage: usage
              ? { promptTokens: usage.input_tokens, completionTokens: usage.output_tokens }
              : { promptTokens: estimateTokens(JSON.stringify(input)) + 400, completionTokens: estimateTokens(text) },
          };
        },
        {
          classify: classifyLlmError,
          signal,
          maxAttempts: this.options.maxAttempts ?? 3,
          baseDelayMs: this.options.baseDelayMs ?? 500,
          maxDelayMs: 4000,
          sleep: this.options.sleep,
          onRetry: (info) => this.options.onRetry?.({ attempt: info.attempt, delayMs: info.delayMs, kind: info.failure.kind }),
        },
      );
    } catch (err) {
      throw toLlmError(err, signal);
    }
  }
}
