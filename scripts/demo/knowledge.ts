// The demo guild's small knowledge base, seeded by `npm start`.

export const DEMO_KNOWLEDGE: { title: string; content: string }[] = [
  {
    title: 'Getting started',
    content: `# Getting started with Acme Cloud

Create an account at the sign-up page, confirm your e-mail address, and choose a plan. The free plan includes one project and 1 GB of storage.

To create your first project, open the dashboard and click "New project". Give it a name and pick the region closest to your users.`,
  },
  {
    title: 'Billing and refunds',
    content: `# Billing

Invoices are sent on the first day of each month. You can pay by card or bank transfer, and change your payment method under Settings → Billing.

# Refunds

Refunds are available within 14 days of purchase for annual plans. To request a refund, write to billing with your order number; refunds reach your card within 5 business days.`,
  },
  {
    title: 'Troubleshooting login',
    content: `# Can't log in?

If you forgot your password, use "Reset password" on the login page; the reset link is valid for one hour.

If two-factor authentication codes are rejected, check that your phone's clock is set automatically. Codes depend on the correct time.

Accounts are locked for 15 minutes after 10 failed attempts.`,
  },
  {
    title: 'API rate limits',
    content: `The public API allows 100 requests per minute per API key on the free plan and 1,000 per minute on paid plans. When you exceed the limit the API answers 429 with a Retry-After header; wait that many seconds before retrying.`,
  },
];
