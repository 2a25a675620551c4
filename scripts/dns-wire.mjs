// The DNS wire format of the local DNS servers, the tests' (__tests__/support/dns.ts) and the benchmark's
// (bench-names.mjs): a question read from a query, and the answer built from it.

const TYPES = { 1: 'A', 28: 'AAAA' }
const NXDOMAIN = 3

/**
 * The query's question, and the response to it: NXDOMAIN when `addressOf(name)` (the name in lower case)
 * is undefined, else one A record with that address for a question of type A, and no records for any other.
 */
export function answerTo(query, addressOf) {
  const { name, type, end } = question(query)
  const address = addressOf(name)
  const response =
    address === undefined
      ? reply(query, end, NXDOMAIN)
      : reply(query, end, 0, TYPES[type] === 'A' ? address : undefined)
  return { name, type: TYPES[type] ?? type, response }
}

function question(query) {
  const labels = []
  let at = 12 // after the header
  while (query[at] !== 0) {
    labels.push(query.subarray(at + 1, at + 1 + query[at]).toString())
    at += query[at] + 1
  }
  return { name: labels.join('.').toLowerCase(), type: query.readUInt16BE(at + 1), end: at + 5 }
}

/** The query's header and question, turned into a response with the rcode and, when given, one A record. */
function reply(query, end, rcode, ipv4) {
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
