import { Option } from 'commander';
import type { Command } from 'commander';
import { seg } from '../api-client.js';
import type { Policy } from '../api-types.js';
import { contextOf } from '../context.js';
import { examples, idOf } from '../option-parsers.js';
import { fields } from '../output.js';

const policyFields = (p: Policy) => fields({ 'email-otp': p.emailOtp.enabled ? 'on' : 'off' });

export function registerPolicy(program: Command) {
  const policy = program
    .command('policy')
    .description("show or change a tenant's sign-in policy (email one-time passcodes)");

  policy
    .command('show')
    .description("show a tenant's policy")
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .action(async (tenant: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.get(`/tenants/${seg(tenant)}/policy`);
      ctx.show(body, () => policyFields(body as Policy));
    });

  policy
    .command('set')
    .description("change a tenant's policy")
    .argument('<tenant>', 'tenant id', idOf('tenant'))
    .addOption(
      new Option(
        '--email-otp <state>',
        'on or off: whether guests may sign in with a one-time passcode sent by mail',
      )
        .choices(['on', 'off'])
        .makeOptionMandatory(),
    )
    .addHelpText('after', examples('guestpass policy set fabrikam --email-otp off'))
    .action(async (tenant: string, options: { emailOtp: 'on' | 'off' }, command: Command) => {
      const ctx = contextOf(command);
      const { body } = await ctx.api.put(`/tenants/${seg(tenant)}/policy`, {
        emailOtp: { enabled: options.emailOtp === 'on' },
      });
      ctx.show(body, () => `Updated the policy of ${tenant}.\n${policyFields(body as Policy)}`);
    });
}
