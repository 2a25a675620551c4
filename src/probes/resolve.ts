/**
 * How a pass resolves names: as the system would (glibc's getaddrinfo with `hosts: files dns`), without its
 * cost. Every dns.lookup takes one of libuv's four threadpool threads, so with hundreds of probes in flight
 * the lookups queue and each probe's timeout runs while it waits for a thread; here DNS is asked through
 * c-ares (a node:dns Resolver), which needs no thread, and each host is looked up once per pass.
 *
 * An IP address is itself (net.connect never looks one up). A host name becomes addresses by the first of
 * these that knows it:
 * 1. The hosts file (/etc/hosts; on Windows %SystemRoot%\System32\drivers\etc\hosts), read once per pass.
 * 2. `localhost` and names under `.localhost` are 127.0.0.1 and ::1, and never go to DNS (RFC 6761).
 * 3. DNS: the servers that dns.getServers() reports when the pass starts (read from /etc/resolv.conf, or set
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
 * other than the name not existing is forgotten once it ends, so that a retry asks again.
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

/** A pass's resolver: `lookup` goes to net.connect and undici's connector; `close` ends what is in flight. */
export interface PassResolver {
  lookup: LookupFunction
  close(): void
}

const LOOPBACK: Address[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 }
]

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
  const resolver = new dns.promises.Resolver({ timeout: conf.timeoutMs, tries: conf.attempts })
  resolver.setServers(names.servers)
  const lookups = new Map<string, Promise<Address[]>>()

  const resolve = (hostname: string): Promise<Address[]> => {
    const name = hostname.toLowerCase()
    let found = lookups.get(name)
    if (!found) {
      found = resolveOnce(name, hosts, conf, resolver)
      lookups.set(name, found)
      found.catch(error => {
        if ((error as NodeJS.ErrnoException).code !== 'ENOTFOUND') lookups.delete(name)
      })
    }
    return found
  }

  const lookup = ((hostname, options, callback) => {
    resolve(hostname).then(
      addresses =>
        options.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family),
      error => callback(error, '', 0)
    )
  }) as LookupFunction
  return { lookup, close: () => resolver.cancel() }
}

async function resolveOnce(
  name: string,
  hosts: Map<string, Address[]>,
  conf: ResolvConf,
  resolver: dns.promises.Resolver
): Promise<Address[]> {
  const bare = name.replace(/\.$/, '')
  const known = hosts.get(bare) ?? (/(^|\.)localhost$/.test(bare) ? LOOPBACK : undefined)
  if (known) return known
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
