// A DNS server on 127.0.0.1 for tests: A records for the names it is told, after a delay, and a record of every
// question. Other names get NXDOMAIN; names it is told to ignore get no answer at all.
import dgram from 'node:dgram'
import { answerTo } from '../../scripts/dns-wire.mjs'
import { type NameService } from '../../src/probes/model.js'

export interface DnsServer {
  /** `127.0.0.1:port`, as dns.setServers() and a NameService take it. */
  address: string
  /** Every question asked, in order, as `name A` or `name AAAA`. */
  questions: string[]
  /** How many times `name` was asked for records of `type`. */
  asked(name: string, type: 'A' | 'AAAA'): number
  /**
   * Every question as `name type id`: a question the resolver sends again, unanswered in time, keeps its id
   * (c-ares retransmits the query as it was), so distinct entries count the lookups, not the retransmits.
   */
  queries: string[]
  close(): Promise<void>
}

export interface DnsOptions {
  /** The IPv4 address of a name (asked in lower case), or undefined when it does not exist. */
  addressOf?: (name: string) => string | undefined
  /** Names that get no answer, as from a server that is down. */
  ignore?: (name: string) => boolean
  /** How long each answer takes. */
  delayMs?: number
}

export async function startDnsServer(options: DnsOptions = {}): Promise<DnsServer> {
  const { addressOf = () => undefined, ignore = () => false, delayMs = 0 } = options
  const questions: string[] = []
  const queries: string[] = []
  // The server shares its event loop with the probes asking it: while that loop is busy, the questions wait in
  // the socket's buffer, and the default one (208 KiB) holds 256 of them; a question dropped there costs the
  // resolver's 5 s timeout, a false DOWN no real server (a process of its own) would cause. Linux doubles the
  // size asked for, up to twice net.core.rmem_max (4 MiB here): 8 MiB, room for some 10,000 questions.
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20 })
  socket.on('message', (query, peer) => {
    const { name, type, response } = answerTo(query, addressOf)
    questions.push(`${name} ${type}`)
    queries.push(`${name} ${type} ${query.readUInt16BE(0)}`)
    if (ignore(name)) return
    setTimeout(() => socket.send(response, peer.port, peer.address), delayMs)
  })
  await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', resolve))
  return {
    address: `127.0.0.1:${socket.address().port}`,
    questions,
    queries,
    asked: (name, type) => questions.filter(asked => asked === `${name} ${type}`).length,
    close: () => new Promise(resolve => socket.close(() => resolve()))
  }
}

/** A name service that knows only this server: no hosts file, no search domains, nothing of the machine's. */
export function namesAt(server: DnsServer, resolvConf = ''): NameService {
  return { servers: [server.address], hosts: '', resolvConf, hostname: 'runner' }
}
