/**
 * How a pass resolves names: as the system would (glibc's getaddrinfo with `hosts: files dns`), without its
 * cost. Every dns.lookup takes one of libuv's four threadpool threads, so with hundreds of probes in flight
 * the lookups queue and each probe's timeout runs while it waits for a thread; here DNS is asked through
 * c-ares (a node:dns Resolver), which needs no thread, and each host is looked up once per pass.
 *
 * A host becomes addresses by the first of these that knows it:
 * 1. An IP address is itself.
 * 2. The hosts file (/etc/hosts; on Windows %SystemRoot%\System32\drivers\etc\hosts), read once per pass.
 * 3. `localhost` and names under `.localhost` are 127.0.0.1 and ::1, and never go to DNS (RFC 6761).
 * 4. DNS: the servers that dns.getServers() reports when the pass starts (read from /etc/resolv.conf, or set
 *    by dns.setServers()), asked for A and AAAA records at once. The names asked follow resolv.conf's
 *    `search` (or `domain`, or else this machine's own domain) and `options ndots:` as glibc applies them: a
 *    name ending in a dot is asked as it is, and only so; a name with at least ndots dots (1 unless set) is
 *    asked as it is first, then with each search domain; a name with fewer, with each search domain first,
 *    then as it is. The first name with an address wins; NXDOMAIN, no records or SERVFAIL move on to the next
 *    name; a server that does not answer, or cannot be reached, ends the lookup. Each question waits and is
 *    tried as resolv.conf's `options timeout: attempts:` say (5 s and 2 unless set).
 * IPv4 addresses come first, then IPv6 (Node tries the other family when the first does not connect soon).
 *
 * A lookup in flight is shared by every target on that host, and its answer kept for the pass; a failure
 * other than the name not existing is forgotten once it ends, so that a retry asks again. At most 128 lookups
 * wait for DNS at once, taking turns on two sockets, one unanswered after 250 ms no longer counting (see
 * Places); an attempt's timeout starts once its lookup is under way, since the wait for a place is the pass's,
 * not the target's.
 */

import dns from 'node:dns'
import { readFile } from 'node:fs/promises'
import net, { type LookupFunction } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { type NameService } from './model.js'

export interface Address {
  address: string
  family: 4 | 6
}

/** resolv.conf as far as glibc's search applies it. */
export interface ResolvConf {
  search: string[]
  ndots: number
  timeoutMs: number
  attempts: number
}

/** A pass's resolver: `lookup` goes to net.connect and undici's connector. */
export interface PassResolver {
  /**
   * Starts looking `hostname` up, and resolves once the lookup is under way or done: the wait for a place
   * among the lookups in flight, which is not the target's time.
   */
  begin(hostname: string): Promise<void>
  lookup: LookupFunction
  /** Ends the lookups in flight and drops those waiting: the pass is over. */
  close(): void
}

interface Lookup {
  /** Resolves once the lookup has a place among those in flight, or needs none. */
  underWay: Promise<void>
  addresses: Promise<Address[]>
}

/**
 * Resolvers a pass asks through, each with its own socket, so that each socket's buffer takes the answers of
 * at most PER_SOCKET lookups at once; see Places.
 */
const SOCKETS = 2
/** At most this many lookups wait for DNS at once on one socket; see Places. */
const PER_SOCKET = 64
/** A lookup unanswered this long gives its place up; see Places. */
const COUNTED_MS = 250

const LOOPBACK: Address[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 }
]

/** The host of a target's address (or of a URL) as a resolver takes it: an IPv6 address without its brackets. */
export function hostOf(address: string | URL): string {
  return (typeof address === 'string' ? new URL(address) : address).hostname.replace(/^\[|\]$/g, '')
}

/** The machine's name service, read now. */
export async function systemNames(): Promise<NameService> {
  const hostsFile =
    process.platform === 'win32'
      ? path.win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'drivers', 'etc', 'hosts')
      : '/etc/hosts'
  // A machine without one of these files resolves without it, as its own resolver does.
  const read = (file: string) => readFile(file, 'utf8').catch(() => '')
  const [hosts, resolvConf] = await Promise.all([read(hostsFile), read('/etc/resolv.conf')])
  return { servers: dns.getServers(), hosts, resolvConf, hostname: os.hostname() }
}

export function passResolver(names: NameService): PassResolver {
  const hosts = parseHosts(names.hosts)
  const conf = parseResolvConf(names.resolvConf, names.hostname)
  const resolvers = Array.from({ length: SOCKETS }, () => {
    const resolver = new dns.promises.Resolver({ timeout: conf.timeoutMs, tries: conf.attempts })
    resolver.setServers(names.servers)
    return resolver
  })
  const places = new Places(SOCKETS * PER_SOCKET, COUNTED_MS)
  const lookups = new Map<string, Lookup>()
  let asked = 0

  /** A lookup that asks DNS once it has a place, and is under way from then; the resolvers take turns. */
  const askDns = (name: string): Lookup => {
    let start!: () => void
    const underWay = new Promise<void>(resolve => (start = resolve))
    const resolver = resolvers[asked++ % SOCKETS]
    const addresses = places.take().then(async release => {
      start()
      try {
        return await search(name, conf, resolver)
      } finally {
        release()
      }
    })
    return { underWay, addresses }
  }

  const lookupOf = (hostname: string): Lookup => {
    const name = hostname.toLowerCase()
    let found = lookups.get(name)
    if (!found) {
      const known = withoutDns(name, hosts)
      found = known ? { underWay: Promise.resolve(), addresses: Promise.resolve(known) } : askDns(name)
      lookups.set(name, found)
      found.addresses.catch(error => {
        if ((error as NodeJS.ErrnoException).code !== 'ENOTFOUND') lookups.delete(name)
      })
    }
    return found
  }

  const lookup = ((hostname, options, callback) => {
    lookupOf(hostname).addresses.then(
      addresses =>
        options.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family),
      // search() rejects with lookupError's errors only.
      error => callback(error as NodeJS.ErrnoException, '', 0)
    )
  }) as LookupFunction
  return {
    begin: hostname => lookupOf(hostname).underWay,
    lookup,
    close: () => {
      places.close()
      for (const resolver of resolvers) resolver.cancel()
    }
  }
}

/** An IP address, a name in the hosts file, or localhost: known without asking DNS. */
function withoutDns(name: string, hosts: Map<string, Address[]>): Address[] | undefined {
  const family = net.isIP(name)
  if (family === 4 || family === 6) return [{ address: name, family }]
  const bare = name.replace(/\.$/, '')
  return hosts.get(bare) ?? (/(^|\.)localhost$/.test(bare) ? LOOPBACK : undefined)
}

/** DNS, name after name of those queryNames gives, until one has an address. */
async function search(name: string, conf: ResolvConf, resolver: dns.promises.Resolver): Promise<Address[]> {
  let failure = 'ENOTFOUND'
  for (const asked of queryNames(name, conf)) {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(asked), resolver.resolve6(asked)])
    const addresses = [...addressesOf(v4, 4), ...addressesOf(v6, 6)]
    if (addresses.length > 0) return addresses
    const codes = [v4, v6].map(answer =>
      answer.status === 'rejected' ? (answer.reason as NodeJS.ErrnoException).code : dns.NODATA
    )
    const ending = codes.find(code => !MOVE_ON.has(code ?? ''))
    if (ending) throw lookupError(name, ending === dns.TIMEOUT ? dns.TIMEOUT : 'EAI_AGAIN')
    if (codes.includes(dns.SERVFAIL)) failure = 'EAI_AGAIN'
  }
  throw lookupError(name, failure)
}

function addressesOf(answer: PromiseSettledResult<string[]>, family: 4 | 6): Address[] {
  return answer.status === 'fulfilled' ? answer.value.map(address => ({ address, family })) : []
}

/** Answers that send the search on to the next name, as glibc's res_search does. */
const MOVE_ON = new Set<string>([dns.NOTFOUND, dns.NODATA, dns.SERVFAIL])

/**
 * A failed lookup, by the code of its kind: ENOTFOUND (no name asked has an address), ETIMEOUT (a DNS server
 * did not answer) or EAI_AGAIN (any other failure of the DNS servers).
 */
function lookupError(name: string, code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`lookup of ${name} failed: ${code}`), { code, hostname: name })
}

/** The names glibc's res_search asks for `name`, in order. */
export function queryNames(name: string, conf: ResolvConf): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)]
  const dots = name.split('.').length - 1
  const searched = conf.search.map(domain => (domain === '' ? name : `${name}.${domain}`))
  return [...new Set(dots >= conf.ndots ? [name, ...searched] : [...searched, name])]
}

/** Lines of `address name [alias...]`, `#` comments; every address of a name, IPv4 first. */
export function parseHosts(text: string): Map<string, Address[]> {
  const hosts = new Map<string, Address[]>()
  for (const line of text.split(/\r?\n/)) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/)
    const family = net.isIP(address ?? '')
    if (family !== 4 && family !== 6) continue
    for (const name of names.map(name => name.toLowerCase().replace(/\.$/, ''))) {
      const addresses = hosts.get(name) ?? []
      if (!addresses.some(known => known.address === address)) addresses.push({ address, family })
      hosts.set(name, addresses)
    }
  }
  for (const addresses of hosts.values()) addresses.sort((a, b) => a.family - b.family)
  return hosts
}

/**
 * resolv.conf as glibc reads it: the last `search` or `domain` line gives the search domains (else the domain
 * of this machine's name); `options` give ndots (at most 15), timeout (seconds, at most 30) and attempts (at
 * most 5). Lines starting with `#` or `;` are comments.
 */
export function parseResolvConf(text: string, hostname: string): ResolvConf {
  let search: string[] | undefined
  const options = { ndots: 1, timeout: 5, attempts: 2 }
  const limits = { ndots: 15, timeout: 30, attempts: 5 }
  for (const line of text.split(/\r?\n/)) {
    if (/^[#;]/.test(line)) continue
    const [keyword, ...words] = line.trim().split(/\s+/)
    if (keyword === 'domain' && words.length > 0) search = words.slice(0, 1)
    else if (keyword === 'search' && words.length > 0) search = words
    else if (keyword === 'options') {
      for (const [option, value] of words.map(word => word.split(':'))) {
        if (Object.hasOwn(options, option) && /^\d+$/.test(value ?? '')) {
          const name = option as keyof typeof options
          options[name] = Math.min(Number(value), limits[name])
        }
      }
    }
  }
  const ownDomain = hostname.includes('.') ? [hostname.slice(hostname.indexOf('.') + 1)] : []
  return {
    search: (search ?? ownDomain).map(domain => domain.replace(/\.$/, '')),
    ndots: options.ndots,
    timeoutMs: Math.max(options.timeout, 1) * 1000,
    attempts: Math.max(options.attempts, 1)
  }
}

/**
 * Places for lookups that wait for DNS: at most `limit` at once, so that their questions and answers come in
 * waves that a socket buffer holds (a burst of a few hundred loses some, at the server or here, and a lost
 * question is asked again only after the resolver's timeout). A lookup still unanswered after `heldMs` gives
 * its place up: its questions were lost or are slow, and are no wave any more; so a DNS server that does not
 * answer slows a pass by at most heldMs per `limit` names.
 */
class Places {
  private free: number
  private readonly waiting: (() => void)[] = []

  constructor(
    limit: number,
    private readonly heldMs: number
  ) {
    this.free = limit
  }

  /** Resolves with the function that gives the place back, once there is one. */
  take(): Promise<() => void> {
    return new Promise(resolve => {
      const grant = () => resolve(this.held())
      if (this.free > 0) {
        this.free--
        grant()
      } else this.waiting.push(grant)
    })
  }

  close(): void {
    this.waiting.length = 0
  }

  private held(): () => void {
    let holding = true
    const release = () => {
      if (!holding) return
      holding = false
      clearTimeout(timer)
      const next = this.waiting.shift()
      if (next) next()
      else this.free++
    }
    const timer = setTimeout(release, this.heldMs)
    return release
  }
}
