#!/usr/bin/env node
import '../dist/present/cli/main.js';
