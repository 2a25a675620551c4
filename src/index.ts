import './heap.js'
import { run } from './main.js'

await run()
