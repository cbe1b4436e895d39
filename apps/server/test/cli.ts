/**
 * Runs `xueli` sub-commands in-process for tests: commander with exitOverride, stdout and stderr
 * captured. Returns the exit code the real binary would give (2 for a usage error).
 */
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';

export async function runCommands(register: (program: Command) => Command, args: string[]): Promise<{ code: number; output: string }> {
  const output: string[] = [];
  process.exitCode = undefined;
  const program = register(new Command('xueli').exitOverride()).parent!;
  program.configureOutput({ writeOut: (s) => output.push(s), writeErr: (s) => output.push(s) });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (output.push(String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (output.push(String(s)), true));
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: typeof process.exitCode === 'number' ? process.exitCode : 0, output: output.join('') };
  } catch (e) {
    if (e instanceof CommanderError) return { code: e.exitCode === 0 ? 0 : 2, output: output.join('') };
    throw e;
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

/** Runs the whole `xueli` program in-process; returns its exit code and everything it printed. */
export async function runXueli(args: string[]): Promise<{ code: number; output: string }> {
  const { runCli } = await import('../src/cli/main.ts');
  const output: string[] = [];
  process.exitCode = undefined;
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (output.push(String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (output.push(String(s)), true));
  try {
    const code = await runCli(args);
    return { code, output: output.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}
