// Part 2 of the CI fuzzer (ciFuzz.ts says what it checks).
import { describeFuzzPart } from './ciFuzz.js';

describeFuzzPart(2);
