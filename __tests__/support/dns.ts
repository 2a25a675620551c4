// A DNS server on 127.0.0.1 for tests: A records for the names it is told, after a delay, and a record of every
// question. Other names get NXDOMAIN; names it is told to ignore get no answer at all.
import dgram from 'node:dgram'
import { type NameService } from '../../src/probes/model.js'

export interface DnsServer {
  /** `127.0.0.1:port`, as dns.setServers() and a NameService take it. */
  address: string
  /** Every question asked, in order, as `name A` or `name AAAA`. */
  questions: string[]
  /** How many times `name` was asked for records of `type`. */
  asked(name: string, type: 'A' | 'AAAA'): number
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

const TYPES: Record<number, 'A' | 'AAAA'> = { 1: 'A', 28: 'AAAA' }
const NXDOMAIN = 3

export async function startDnsServer(options: DnsOptions = {}): Promise<DnsServer> {
  const { addressOf = () => undefined, ignore = () => false, delayMs = 0 } = options
  const questions: string[] = []
  const socket = dgram.createSocket('udp4')
  socket.on('message', (query, peer) => {
    const { name, type, end } = question(query)
    questions.push(`${name} ${TYPES[type] ?? type}`)
    if (ignore(name)) return
    const address = addressOf(name)
    const answer =
      address === undefined
        ? reply(query, end, NXDOMAIN)
        : reply(query, end, 0, TYPES[type] === 'A' ? address : undefined)
    setTimeout(() => socket.send(answer, peer.port, peer.address), delayMs)
  })
  await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', resolve))
  return {
    address: `127.0.0.1:${socket.address().port}`,
    questions,
    asked: (name, type) => questions.filter(asked => asked === `${name} ${type}`).length,
    close: () => new Promise(resolve => socket.close(() => resolve()))
  }
}

/** A name service that knows only this server: no hosts file, no search domains, nothing of the machine's. */
export function namesAt(server: DnsServer, resolvConf = ''): NameService {
  return { servers: [server.address], hosts: '', resolvConf, hostname: 'runner' }
}

function question(query: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = []
  let at = 12 // after the header
  while (query[at] !== 0) {
    labels.push(query.subarray(at + 1, at + 1 + query[at]).toString())
    at += query[at] + 1
  }
  return { name: labels.join('.').toLowerCase(), type: query.readUInt16BE(at + 1), end: at + 5 }
}

/** The query's header and question, turned into a response with the rcode and, when given, one A record. */
function reply(query: Buffer, end: number, rcode: number, ipv4?: string): Buffer {
  const header = Buffer.from(query.subarray(0, end))
  header[2] = 0x80 | (query[2] & 0x01) // a response; recursion desired as asked
  header[3] = 0x80 | rcode // recursion available
  header.writeUInt16BE(ipv4 ? 1 : 0, 6) // answers
  header.fill(0, 8, 12) // no authorities or additional records
  if (!ipv4) return header
  const record = Buffer.alloc(16)
  record.writeUInt16BE(0xc00c, 0) // the name: a pointer to the question's
  record.writeUInt16BE(1, 2) // type A
  record.writeUInt16BE(1, 4) // class IN
  record.writeUInt32BE(60, 6) // TTL
  record.writeUInt16BE(4, 10) // data length
  ipv4.split('.').forEach((octet, index) => (record[12 + index] = Number(octet)))
  return Buffer.concat([header, record])
}
