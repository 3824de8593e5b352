#!/usr/bin/env node
import '../dist/cli/parent-heap.js';
import '../dist/cli/main.js';
