/**
 * HTTP/1.1 on a connection of its own: one request written whole, one response read as it comes in, and the
 * socket destroyed after it. A check needs no more: no pool, no pipelining, no keep-alive, no streams. It is
 * what undici's Client did for each check, for less: 10,000 bare checks on loopback, 1,024 at once, took 1.2 s
 * of CPU this way against 2.6 s through a Client, and the whole probe path of a pass over 10,000 targets 18.5%
 * less (npm run bench:side, both builds side by side, three passes).
 *
 * Every byte comes from a server that may be hostile: the head is read up to MAX_HEAD_BYTES, a chunk's size
 * line up to MAX_CHUNK_LINE, a body up to MAX_BODY_BYTES and no further, and what does not parse is an invalid
 * answer (the target is down with that reason), never an exception out of the pass. Where HTTP leaves room
 * (bare LF line ends, a folded header line, a status line without its reason phrase), the answer is read as
 * browsers and curl read it, so that a server they show is not called down here.
 */

import { type Socket } from 'node:net'

/** The most a response's head (status line and headers) may take: Node's and undici's default. */
export const MAX_HEAD_BYTES = 16 * 1024

/** A request, written as it is on the wire. */
export interface WireRequest {
  method: string
  /** http or https, absolute: its path and query are the request's target, its host the Host header. */
  url: URL
  /** As given, in any case; Host, Connection and Content-Length are this module's to write. */
  headers: Record<string, string>
  body?: string
}

/** A response's status and headers (names in lower case; a repeated header's values in order). */
export interface WireHead {
  status: number
  headers: Record<string, string | string[]>
}

/** Why an answer could not be read, with a code that says so (probes/reason.ts gives it its words). */
export class WireError extends Error {
  constructor(
    message: string,
    readonly code: 'ERR_WIRE_REQUEST' | 'ERR_WIRE_INVALID' | 'ERR_WIRE_HEAD_TOO_LARGE' | 'ERR_WIRE_CLOSED'
  ) {
    super(message)
  }
}

/** A header name: a token (RFC 9110, section 5.6.2). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/**
 * What a header value may not hold in a request (RFC 9110, section 5.5, as undici checks it): a line end or NUL
 * would end the header where it stands, another control character is not HTTP, and a character past U+00FF
 * has no byte of its own in a header (written, it would be another character).
 */
const UNSAFE_VALUE = /[^\t\x20-\x7e\x80-\xff]/
/** Headers this module writes itself: a target's own would contradict them. */
const WRITTEN_HERE = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade'])

/**
 * The request's bytes, or an error when a header cannot be written as given (a name that is not a token, a
 * value with a line end, as a variable from the environment may hold): written, it would be another header.
 */
export function requestBytes({ method, url, headers, body }: WireRequest): Buffer {
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\n`
  let host = false
  for (const name in headers) {
    const value = headers[name]
    if (!TOKEN.test(name))
      throw new WireError(`invalid header name ${JSON.stringify(name)}`, 'ERR_WIRE_REQUEST')
    if (UNSAFE_VALUE.test(value)) throw new WireError(`invalid ${name} header`, 'ERR_WIRE_REQUEST')
    const lower = name.toLowerCase()
    if (WRITTEN_HERE.has(lower)) continue
    if (lower === 'host') host = true
    head += `${name}: ${value}\r\n`
  }
  if (!host) head += `host: ${url.host}\r\n`
  head += 'connection: close\r\n'
  const payload = body === undefined ? undefined : Buffer.from(body, 'utf8')
  if (payload) head += `content-length: ${payload.length}\r\n`
  else if (method === 'POST' || method === 'PUT' || method === 'PATCH') head += 'content-length: 0\r\n'
  head += '\r\n'
  const bytes = Buffer.from(head, 'latin1')
  return payload ? Buffer.concat([bytes, payload]) : bytes
}

/** How the body of a response ends. */
type Framing = { kind: 'none' } | { kind: 'length'; left: number } | { kind: 'chunked' } | { kind: 'close' }

/**
 * One exchange on `socket`, connected or about to be: `send` writes the request once the socket is ready, and
 * `head` resolves with the response's status and headers (interim 1xx answers skipped), `body` with its text
 * once it ended or reached `maxBody` bytes (the text only when `keep`; the rest is never read). Either rejects
 * with the socket's error (a reset, the attempt's timeout destroying it), with WireError when the answer does
 * not parse or the server closed it early. The caller destroys the socket when it is done with it.
 */
export class Exchange {
  readonly head: Promise<WireHead>
  readonly body: Promise<string | undefined>
  private resolveHead!: (head: WireHead) => void
  private rejectHead!: (error: Error) => void
  private resolveBody!: (text: string | undefined) => void
  private rejectBody!: (error: Error) => void
  /** The head read so far (only while it is read). */
  private pending: Buffer | undefined
  private framing: Framing | undefined
  /** Chunked: bytes left in the chunk being read (-1: at a size line; -2: at the CRLF after a chunk's data). */
  private chunkLeft = -1
  /** Chunked: the size line (or the trailers) read so far, which may come split. */
  private line = ''
  private inTrailers = false
  private read = 0
  /**
   * The body kept (when `keep`), copied into one buffer that doubles as it fills, up to maxBody: not a view per
   * piece, which for a body sent as a million one-byte chunks held a million Buffer objects (140 MB of heap
   * for a 1 MiB body).
   */
  private kept: Buffer | undefined
  private keptLength = 0
  private settled = false

  constructor(
    private readonly socket: Socket,
    private readonly method: string,
    private readonly keep: boolean,
    private readonly maxBody: number
  ) {
    this.head = new Promise((resolve, reject) => {
      this.resolveHead = resolve
      this.rejectHead = reject
    })
    this.body = new Promise((resolve, reject) => {
      this.resolveBody = resolve
      this.rejectBody = reject
    })
    // Either may be left unawaited (a redirect's body, a head that failed): their failure is the other's.
    this.head.catch(() => undefined)
    this.body.catch(() => undefined)
    socket.on('data', this.onData)
    socket.on('error', this.fail)
    socket.on('end', this.onEnd)
    socket.on('close', this.onEnd)
  }

  /** Writes the request. */
  send(bytes: Buffer): void {
    this.socket.write(bytes)
  }

  /** Ends the exchange with `error` unless it has ended: the connect failed, the time is up. */
  readonly fail = (error: Error): void => {
    if (this.settled) return
    this.settled = true
    this.rejectHead(error)
    this.rejectBody(error)
  }

  private readonly onEnd = (): void => {
    if (this.settled) return
    if (this.framing?.kind === 'close') return this.finish()
    this.fail(
      new WireError(
        this.framing
          ? 'the connection closed before the body ended'
          : 'the connection closed before an answer',
        'ERR_WIRE_CLOSED'
      )
    )
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.settled) return
    try {
      if (this.framing) this.onBody(chunk)
      else this.onHead(chunk)
    } catch (error) {
      this.fail(error as Error)
    }
  }

  private onHead(chunk: Buffer): void {
    // Where the search for the head's end resumes: the bytes before were searched as they came (a LF among the
    // last two may yet be followed by the rest of an empty line). Searched once, not again with each piece.
    let from = this.pending ? Math.max(0, this.pending.length - 2) : 0
    let buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk
    for (; ; from = 0) {
      // Empty lines before a status line are skipped, as RFC 9112 (section 2.2) lets a client do.
      let blank = 0
      while (buffer[blank] === 13 || buffer[blank] === 10) blank++
      if (blank > 0) {
        buffer = buffer.subarray(blank)
        from = 0
      }
      const end = headEnd(buffer, from)
      if (end === -1) {
        if (buffer.length > MAX_HEAD_BYTES)
          throw new WireError('response headers too large', 'ERR_WIRE_HEAD_TOO_LARGE')
        this.pending = buffer
        return
      }
      if (end.start > MAX_HEAD_BYTES)
        throw new WireError('response headers too large', 'ERR_WIRE_HEAD_TOO_LARGE')
      const head = parseHead(buffer.toString('latin1', 0, end.start))
      buffer = buffer.subarray(end.after)
      // An interim answer (100 Continue, 103 Early Hints): the response is the one after it.
      if (head.status >= 100 && head.status < 200 && head.status !== 101) continue
      this.pending = undefined
      this.framing = framingOf(this.method, head)
      this.resolveHead(head)
      if (this.framing.kind === 'none') return this.finish()
      if (buffer.length > 0) this.onBody(buffer)
      return
    }
  }

  private onBody(chunk: Buffer): void {
    const framing = this.framing!
    if (framing.kind === 'length') {
      const take = Math.min(framing.left, chunk.length)
      framing.left -= take
      this.take(take < chunk.length ? chunk.subarray(0, take) : chunk)
      if (framing.left === 0) this.finish()
    } else if (framing.kind === 'close') this.take(chunk)
    else this.onChunked(chunk)
  }

  /** Chunked transfer coding: size lines, data, and trailers after the last chunk, each of which may be split. */
  private onChunked(chunk: Buffer): void {
    let at = 0
    while (at < chunk.length && !this.settled) {
      if (this.chunkLeft > 0) {
        const take = Math.min(this.chunkLeft, chunk.length - at)
        this.take(chunk.subarray(at, at + take))
        this.chunkLeft -= take
        at += take
        if (this.chunkLeft === 0) this.chunkLeft = -2
        continue
      }
      const newline = chunk.indexOf(10, at)
      const piece = chunk.toString('latin1', at, newline === -1 ? chunk.length : newline)
      this.line += piece
      if (this.line.length > (this.inTrailers ? MAX_HEAD_BYTES : MAX_CHUNK_LINE))
        throw new WireError('invalid chunked body', 'ERR_WIRE_INVALID')
      if (newline === -1) return
      at = newline + 1
      const line = trimCr(this.line)
      this.line = ''
      if (this.inTrailers) {
        if (line === '') return this.finish()
      } else if (this.chunkLeft === -2) {
        if (line !== '') throw new WireError('invalid chunked body', 'ERR_WIRE_INVALID')
        this.chunkLeft = -1
      } else {
        // Leading zeros are no part of the size: at most 12 digits after them (256 TB), however many there are.
        const size = /^0*([0-9A-Fa-f]{1,12})[ \t]*(;.*)?$/.exec(line)
        if (!size) throw new WireError('invalid chunked body', 'ERR_WIRE_INVALID')
        const bytes = parseInt(size[1], 16)
        if (bytes === 0) this.inTrailers = true
        else this.chunkLeft = bytes
      }
    }
  }

  /** Body bytes: counted, kept when the text is wanted, up to maxBody. */
  private take(bytes: Buffer): void {
    if (bytes.length === 0) return
    const room = this.maxBody - this.read
    this.read += bytes.length
    if (this.keep) this.keepBytes(room < bytes.length ? bytes.subarray(0, room) : bytes)
    if (this.read >= this.maxBody) this.finish()
  }

  private keepBytes(bytes: Buffer): void {
    const length = this.keptLength + bytes.length
    if (!this.kept || length > this.kept.length) {
      const size = Math.min(this.maxBody, Math.max(length, 2 * (this.kept?.length ?? 0), 1024))
      const grown = Buffer.allocUnsafe(size)
      this.kept?.copy(grown, 0, 0, this.keptLength)
      this.kept = grown
    }
    bytes.copy(this.kept, this.keptLength)
    this.keptLength = length
  }

  private finish(): void {
    if (this.settled) return
    this.settled = true
    this.resolveBody(this.keep ? (this.kept?.toString('utf8', 0, this.keptLength) ?? '') : undefined)
  }
}

/** The longest chunk size line taken: 12 hex digits (256 TB) and an extension of modest length. */
const MAX_CHUNK_LINE = 1024

/**
 * Where the head ends in `buffer`, searched from `from`: an empty line, after CRLF or a bare LF; -1 while it has
 * not come.
 */
function headEnd(buffer: Buffer, from: number): { start: number; after: number } | -1 {
  for (let at = buffer.indexOf(10, from); at !== -1; at = buffer.indexOf(10, at + 1)) {
    if (buffer[at + 1] === 10) return { start: at, after: at + 2 }
    if (buffer[at + 1] === 13 && buffer[at + 2] === 10) return { start: at, after: at + 3 }
    if (at + 2 >= buffer.length) break
  }
  return -1
}

const STATUS_LINE = /^HTTP\/1\.[01] ([1-9]\d\d)(?:[ \t][^\0]*)?$/

/** A head's status line and headers; throws WireError on anything else. */
function parseHead(text: string): WireHead {
  const lines = text.split('\n')
  const status = STATUS_LINE.exec(trimCr(lines[0]))
  if (!status) throw new WireError('invalid HTTP response', 'ERR_WIRE_INVALID')
  // No prototype: a header named __proto__ or constructor is a header like any other.
  const headers = Object.create(null) as Record<string, string | string[]>
  let last: string | undefined
  for (let i = 1; i < lines.length; i++) {
    const line = trimCr(lines[i])
    if (line.includes('\0') || line.includes('\r'))
      throw new WireError('invalid HTTP response', 'ERR_WIRE_INVALID')
    // A folded line continues the header before it, read as a space (RFC 9112, section 5.2).
    if (line[0] === ' ' || line[0] === '\t') {
      if (last === undefined) throw new WireError('invalid HTTP response', 'ERR_WIRE_INVALID')
      const value = headers[last]
      const more = trimOws(line)
      if (Array.isArray(value)) value[value.length - 1] = unfold(value.at(-1)!, more)
      else headers[last] = unfold(value, more)
      continue
    }
    const colon = line.indexOf(':')
    const name = colon > 0 ? line.slice(0, colon) : ''
    if (!TOKEN.test(name)) throw new WireError('invalid HTTP response', 'ERR_WIRE_INVALID')
    const key = name.toLowerCase()
    const value = trimOws(line.slice(colon + 1))
    const before = headers[key]
    if (before === undefined) headers[key] = value
    else if (Array.isArray(before)) before.push(value)
    else headers[key] = [before, value]
    last = key
  }
  return { status: Number(status[1]), headers }
}

/**
 * Without the spaces and tabs around it (HTTP's OWS), and only those: 0xA0 is a byte of the value. In one pass
 * from each end: a pattern such as /[ \t]+$/ scans a run of spaces inside the value again from each of its
 * spaces, and 10,000 of them in a 16 KiB head held the process for seconds.
 */
function trimOws(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && isOws(text.charCodeAt(start))) start++
  while (end > start && isOws(text.charCodeAt(end - 1))) end--
  return start === 0 && end === text.length ? text : text.slice(start, end)
}

const isOws = (code: number) => code === 0x20 || code === 0x09

/** A value and the trimmed text of a folded line after it, joined by one space, as trimmed as both. */
function unfold(value: string, more: string): string {
  if (value === '') return more
  return more === '' ? value : `${value} ${more}`
}

function trimCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line
}

/**
 * How the body ends (RFC 9112, section 6.3): none after HEAD, 1xx, 204 and 304; chunked when that is the last
 * transfer coding; a length when Content-Length says one (the same length however often it is repeated); at
 * the connection's close otherwise. Both a transfer coding and a length, or lengths that disagree, are how
 * responses are smuggled: invalid.
 */
function framingOf(method: string, { status, headers }: WireHead): Framing {
  if (method === 'HEAD' || status < 200 || status === 204 || status === 304) return { kind: 'none' }
  const coding = headers['transfer-encoding']
  const length = headers['content-length']
  if (coding !== undefined) {
    if (length !== undefined) throw new WireError('invalid HTTP response', 'ERR_WIRE_INVALID')
    return listed(coding).at(-1)!.toLowerCase() === 'chunked' ? { kind: 'chunked' } : { kind: 'close' }
  }
  if (length === undefined) return { kind: 'close' }
  const values = new Set(listed(length))
  const [only] = values
  // Leading zeros are no part of the length: at most 15 digits after them, a length a number holds exactly.
  if (values.size !== 1 || !/^0*\d{1,15}$/.test(only))
    throw new WireError('invalid HTTP response', 'ERR_WIRE_INVALID')
  const left = Number(only)
  return left === 0 ? { kind: 'none' } : { kind: 'length', left }
}

/** A header's comma-separated values, those of its repeats included, in order and trimmed. */
function listed(value: string | string[]): string[] {
  return (Array.isArray(value) ? value.join(',') : value).split(',').map(item => item.trim())
}
