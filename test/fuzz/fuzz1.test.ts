// Part 1 of the CI fuzzer (ciFuzz.ts says what it checks).
import { describeFuzzPart } from './ciFuzz.js';

describeFuzzPart(1);
