// Host names for the benchmark: a DNS server on port 53 of a loopback address, and a way to run a process that
// sees a resolv.conf naming that server while everything else about its name service is the machine's.
//
// The pass must resolve as it does on a runner: through probes/resolve.ts, which reads /etc/resolv.conf and
// the hosts file itself, and asks the servers dns.getServers() reports (also read from /etc/resolv.conf, by
// c-ares, at start-up). So nothing in the pass is told about the bench: the child runs in its own mount
// namespace (`unshare --mount`, as root) where a file naming the bench's server is bound over
// /etc/resolv.conf. A resolv.conf names servers without ports, hence port 53, on an address of 127/8 other
// than 127.0.0.1 so that it clashes with no local resolver.
import { execFile } from 'node:child_process'
import dgram from 'node:dgram'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { answerTo } from './dns-wire.mjs'

/** Addresses tried in turn for the server, should one be taken. */
const ADDRESSES = ['127.53.0.1', '127.53.0.2', '127.53.0.3']

/**
 * A DNS server on port 53, answering each question after `delayMs`: an A record with `addressOf(name)`, no
 * records for AAAA, NXDOMAIN for a name it does not know (dns-wire.mjs, as the tests' server).
 */
export async function startDnsServer({ addressOf, delayMs }) {
  let socket
  for (const address of ADDRESSES) {
    socket = dgram.createSocket('udp4')
    const bound = await new Promise(resolve => {
      socket.once('error', error => resolve(error))
      socket.bind(53, address, () => resolve(true))
    })
    if (bound === true) break
    socket.close()
    socket = undefined
    if (bound.code !== 'EADDRINUSE') throw bound
  }
  if (!socket) throw new Error(`port 53 is taken on ${ADDRESSES.join(', ')}`)
  let questions = 0
  let firstQuestionAt
  socket.on('message', (query, peer) => {
    const { response } = answerTo(query, addressOf)
    firstQuestionAt ??= performance.now()
    questions++
    setTimeout(() => socket.send(response, peer.port, peer.address), delayMs)
  })
  return {
    address: socket.address().address,
    /** Questions since the last reset, and when the first came. */
    stats: () => ({ questions, firstQuestionAt }),
    reset: () => {
      questions = 0
      firstQuestionAt = undefined
    },
    close: () => new Promise(resolve => socket.close(() => resolve()))
  }
}

const run = (file, args, env) =>
  new Promise(resolve =>
    execFile(file, args, { env }, (error, stdout, stderr) =>
      resolve({ error, stdout, stderr: String(stderr).trim() })
    )
  )

/**
 * A way to run commands that see `nameserver <server>` as /etc/resolv.conf, or why this machine has none.
 * Tried once here: `command(file, args)` gives what to execute instead of `file args`. The shell that binds
 * the file is bash, which passes on variables whose names are no shell's (INPUT_DYNAMODB-TABLE), as the
 * runner sets them; dash drops them. The trial checks that too.
 */
export async function resolvConfNamespace(server, work) {
  const resolvConf = path.join(work, 'resolv.conf')
  writeFileSync(resolvConf, `nameserver ${server}\n`)
  // bash binds the file, then becomes the command: $0 is the file, "$@" the command and its arguments.
  const command = (file, args) => [
    'unshare',
    [
      '--mount',
      '--',
      'bash',
      '-c',
      'mount --bind "$0" /etc/resolv.conf && exec "$@"',
      resolvConf,
      file,
      ...args
    ]
  ]
  if (process.getuid?.() !== 0) return { unavailable: 'needs root, for unshare --mount' }
  const trial = await run(...command('bash', ['-c', 'cat /etc/resolv.conf; env']), {
    ...process.env,
    'UPWATCH-BENCH': 'passed on'
  })
  if (trial.error) return { unavailable: `unshare --mount failed: ${trial.stderr || trial.error.message}` }
  if (!trial.stdout.includes(`nameserver ${server}`)) {
    return { unavailable: 'the bind mount over /etc/resolv.conf did not show in the namespace' }
  }
  if (!trial.stdout.includes('UPWATCH-BENCH=passed on')) {
    return { unavailable: 'bash in the namespace dropped a variable named like INPUT_DYNAMODB-TABLE' }
  }
  return { command, setupMs: await setupMs(command) }
}

/** What entering the namespace adds to starting a process: the median of 5, less that of a plain start. */
async function setupMs(command) {
  const median = async (file, args) => {
    const times = []
    for (let i = 0; i < 5; i++) {
      const started = performance.now()
      await run(file, args)
      times.push(performance.now() - started)
    }
    return times.sort((a, b) => a - b)[2]
  }
  return Math.max(0, Math.round((await median(...command('true', []))) - (await median('true', []))))
}
