#!/usr/bin/env node
// verisim ships as TypeScript and runs through tsx's loader, so there is no build step between a
// checkout and a working command. Worker threads get the same loader (see engine/).
import { register } from 'tsx/esm/api'

register()
await import('./main.ts')
