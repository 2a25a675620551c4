// What `npm start` decides, as pure functions: the inputs from its flags, the runner's commands turned into
// lines a person reads, and what to say about the pass once it is over.
import { parse } from 'yaml'

/** A command line that cannot be run: the message says what to type instead. */
export class UsageError extends Error {}

/** The inputs action.yml declares; one whose default is true or false is a boolean, set by a bare flag. */
export function readInputs(actionYml) {
  const { inputs } = parse(actionYml)
  return Object.entries(inputs).map(([name, { description, default: value = '' }]) => ({
    name,
    description: description.trim(),
    default: String(value),
    boolean: value === 'true' || value === 'false'
  }))
}

/**
 * The inputs given on the command line: `--name value`, `--name=value`, a bare `--name` for a boolean (true),
 * and a bare path for `--targets`. `defaults` are start's own, shown in the error about an unknown flag.
 */
export function parseArgs(args, inputs, defaults = {}) {
  const declared = new Map(inputs.map(input => [input.name, input]))
  const given = {}
  const set = (name, value, arg) => {
    if (name in given) {
      const bare = name === 'targets' ? '; a bare path means --targets' : ''
      throw new UsageError(`${name} is given twice, the second time as ${arg}${bare}.`)
    }
    given[name] = value
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (!arg.startsWith('-')) {
      set('targets', arg, arg)
      continue
    }
    const [, name, value] = /^--([^=]*)(?:=([\s\S]*))?$/.exec(arg) ?? []
    const input = declared.get(name)
    if (!input) throw new UsageError(`Unknown option ${arg}.\n${usage(inputs, defaults)}`)
    const next = args[i + 1]
    if (value !== undefined) set(name, value, arg)
    else if (input.boolean) set(name, next === 'true' || next === 'false' ? args[++i] : 'true', arg)
    else if (next !== undefined && !next.startsWith('--')) set(name, args[++i], arg)
    else throw new UsageError(`--${name} needs a value: --${name} <value> or --${name}=<value>.`)
  }
  return given
}

/** The inputs, one a line, for the error about an unknown flag. */
export function usage(inputs, defaults = {}) {
  const flags = inputs.map(input => `--${input.name}${input.boolean ? '' : ' <value>'}`)
  const width = Math.max(...flags.map(flag => flag.length)) + 2
  const lines = inputs.map((input, i) => {
    const fallback = defaults[input.name] ?? input.default
    return `  ${flags[i].padEnd(width)}${input.description}${fallback === '' ? '' : ` (default ${fallback})`}`
  })
  return [
    'npm start -- [targets file] [--input value]..., with the inputs of action.yml:',
    ...lines,
    'Inputs set as INPUT_<NAME> variables in the environment count too; flags win over them.'
  ].join('\n')
}

/** The environment variable the runner sets for an input (as @actions/core reads it). */
export const inputVariable = name => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

/**
 * Every input's value for this pass: action.yml's default, then start's own default, then an INPUT_*
 * variable from the environment, then the flag.
 */
export function resolveInputs(inputs, env, given, defaults) {
  return Object.fromEntries(
    inputs.map(({ name, default: fallback }) => [
      name,
      given[name] ?? env[inputVariable(name)] ?? defaults[name] ?? fallback
    ])
  )
}

const ANNOTATION = /^::(error|warning)::(.*)$/s
const LABELS = { error: 'Error', warning: 'Warning' }

/** Commands the runner acts on without showing them: a secret to mask (the line holds it), debug output. */
const HIDDEN = /^::(add-mask|debug)::/

/**
 * An `::error::` or `::warning::` command as readable lines; a command the runner would not show, such as
 * `::add-mask::` with the secret in it, as nothing (undefined); any other line as it is.
 */
export function readableLine(line) {
  if (HIDDEN.test(line)) return undefined
  const match = ANNOTATION.exec(line)
  if (!match) return line
  // The runner's escaping of a command's message: % as %25, \r as %0D, \n as %0A.
  const text = match[2].replace(/%(25|0D|0A)/g, (_, code) => ({ 25: '%', '0D': '\r', '0A': '\n' })[code])
  return `${LABELS[match[1]]}: ${text}`
}

/** Passes text through as it comes, line by line, turning the runner's annotations into readable lines. */
export function lineTranslator(write) {
  let pending = ''
  return {
    write(chunk) {
      const lines = (pending + chunk).split('\n')
      pending = lines.pop()
      for (const line of lines) {
        const shown = readableLine(line)
        if (shown !== undefined) write(`${shown}\n`)
      }
    },
    end() {
      const shown = pending === '' ? undefined : readableLine(pending)
      if (shown !== undefined) write(shown)
      pending = ''
    }
  }
}

/** GITHUB_OUTPUT holds `name<<DELIMITER`, the value, `DELIMITER` for each output. */
export function parseOutputs(text) {
  const outputs = {}
  for (const [, name, , value] of text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm)) outputs[name] = value
  return outputs
}

const isTrue = value => value.trim().toLowerCase() === 'true'

/** What start says before the pass: what it runs over, and where state and mail go. */
export function openingLine(values) {
  const where = isTrue(values['dry-run'])
    ? 'dry run: no state written, no mail sent'
    : `state in ${values['dynamodb-table'] ? `the table ${values['dynamodb-table']}` : values['state-file']}, ` +
      (values['sns-topic-arn'] ? `mail to ${values['sns-topic-arn']}` : 'mail printed below')
  return `upwatch: one pass over ${values.targets}, ${where}`
}

/**
 * What start says after the pass: the outputs, where the summary is, and what to try next. Nothing when the
 * action stopped before it had outputs: its error, above, says why.
 */
export function closingLines(outputs, values, files) {
  if (Object.keys(outputs).length === 0) return []
  const counts = ['up', 'down', 'degraded'].map(name => `${name}=${outputs[name]}`).join(', ')
  const lines = [
    `Outputs: ${counts}, inconclusive=${outputs.inconclusive} (all outputs in ${files.outputs})`,
    `Job summary (Markdown): ${files.summary}`
  ]
  if (outputs.inconclusive === 'true') {
    lines.push(
      'Inconclusive: every target (or the canary) failed without an answer: names that did not resolve,',
      'connections that timed out or found no route. That is what a machine without internet access, or',
      'behind a proxy, sees, and upwatch cannot tell it from every service being down, so it recorded nothing',
      'and mailed nothing. Run it on a machine with internet access, or try targets this machine can reach,',
      'such as a server on this machine: npm start -- --targets my.yml'
    )
  } else if (isTrue(values['dry-run'])) {
    lines.push('Dry run: nothing was recorded and no mail was sent. Without --dry-run, the state is kept.')
  } else {
    lines.push(
      'Run it again: a steady state sends no mail.' +
        (values['dynamodb-table'] ? '' : ` Delete ${values['state-file']} to start afresh.`)
    )
  }
  return lines
}
