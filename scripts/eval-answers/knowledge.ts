// The knowledge base of `npm run eval:answers`: the help centre of "Orbit Print", an invented print-on-demand
// service (orders, shipping, billing, accounts, API, integrations), written for the eval. Most pages are in
// English; four are the localised pages a European shop would have (German, Polish, Spanish, French), so a
// question in a page's own language with inflected forms can be measured.

export interface EvalDocument {
  /** Stable id the questions refer to (the store gives each document a random id). */
  id: string;
  title: string;
  content: string;
}

export const EVAL_DOCUMENTS: readonly EvalDocument[] = [
  {
    id: 'billing-plans',
    title: 'Plans and pricing',
    content: `# Plans and pricing
Orbit Print has three plans. Free costs nothing and includes 10 products in your catalogue. Pro costs $12 per month and includes unlimited products, premium mockups and 5% off every print. Business costs $49 per month and adds team seats, single sign-on and priority production.

## Annual plans
Paying yearly saves 20%: Pro is $115 per year and Business is $470 per year. You can switch from monthly to annual billing at any time in Settings → Billing; the remaining days of your month are credited.`,
  },
  {
    id: 'billing-invoices',
    title: 'Invoices and receipts',
    content: `Every payment creates an invoice. Download your invoices as PDF from Settings → Billing → Invoice history.
To show your company name, address or VAT number on invoices, add them under Billing details before the payment; past invoices can be reissued once by contacting support. Invoices are sent by email to the billing contact of the account.`,
  },
  {
    id: 'billing-payment-methods',
    title: 'Payment methods',
    content: `We accept Visa, Mastercard and American Express credit or debit cards, PayPal, and SEPA direct debit for customers in the euro area.
Business customers on an annual plan can also pay by bank wire transfer against an invoice. To change your card, open Settings → Billing → Payment method and add the new card; the old one is removed once the new one is verified.`,
  },
  {
    id: 'billing-refunds',
    title: 'Refund policy',
    content: `Subscription refunds: if you are not happy with Pro or Business, ask for a refund within 14 days of the payment and we return the full amount. Annual plans can be refunded pro rata within 30 days.
Refunds go back to the original payment method and usually arrive within 5 to 10 business days, depending on your bank. Print orders are not refunded once production has started; see Returns and reprints for misprinted items.`,
  },
  {
    id: 'billing-failed-payment',
    title: 'Failed payments',
    content: `When a subscription payment fails we retry the card three times over seven days and email the billing contact each time.
If every retry fails, the account is paused: your products stay saved but new orders are not sent to production. Update the payment method in Settings → Billing and the account is reactivated immediately.`,
  },
  {
    id: 'billing-cancel',
    title: 'Cancelling your subscription',
    content: `You can cancel your subscription at any time in Settings → Billing → Cancel plan. You keep Pro or Business features until the end of the period you paid for, then the account moves to the Free plan.
Cancelling does not delete your account or your designs. To delete everything, see Deleting your account.`,
  },
  {
    id: 'account-password',
    title: 'Resetting your password',
    content: `Forgot your password? Click "Forgot password" on the sign-in page and enter your email address. We send a reset link that is valid for 60 minutes.
If the email does not arrive, check your spam folder and make sure you used the address of your account. After too many wrong sign-in attempts the account is locked for 15 minutes.`,
  },
  {
    id: 'account-2fa',
    title: 'Two-factor authentication',
    content: `Protect your account with two-factor authentication (2FA). Turn it on in Settings → Security and scan the QR code with an authenticator app such as Google Authenticator or 1Password.
Save the ten backup codes shown when you enable 2FA. If you lose your phone, sign in with a backup code; without one, support can verify your identity and disable 2FA, which takes up to three business days.`,
  },
  {
    id: 'account-delete',
    title: 'Deleting your account',
    content: `To delete your account, go to Settings → Account → Delete account. Active subscriptions are cancelled first.
Deleted accounts can be restored for 30 days; after that, designs, orders and personal data are erased permanently. Download a data export first if you want to keep your designs.`,
  },
  {
    id: 'account-email-change',
    title: 'Changing your email address',
    content: `Change the email address you sign in with under Settings → Account → Email. We send a verification link to the new address, and the change takes effect once you click it.
The old address gets a notice, so you can undo a change you did not make. Billing emails go to the billing contact, which you can change separately.`,
  },
  {
    id: 'account-team',
    title: 'Team members and roles',
    content: `On the Business plan you can invite team members from Settings → Team. Each member takes one seat; the plan includes 5 seats and extra seats cost $8 per month.
Roles: an Owner manages billing and can delete the account, an Admin manages products, orders and members, and a Designer can only upload and edit designs. There is exactly one owner; ownership can be transferred to an admin.`,
  },
  {
    id: 'account-sso',
    title: 'Single sign-on (SSO)',
    content: `Business accounts can require single sign-on with any SAML 2.0 identity provider, including Okta, Microsoft Entra ID (Azure AD) and Google Workspace.
Set it up in Settings → Security → SSO: copy our ACS URL and entity ID into your provider and upload its metadata file. Once SSO is enforced, members sign in through your provider and passwords are disabled.`,
  },
  {
    id: 'shipping-times',
    title: 'Production and delivery times',
    content: `Every order is printed on demand. Production takes 2 to 4 business days.
After production, standard shipping takes 5 to 8 business days and express shipping 2 to 3 business days. Orders placed during public holidays and the December peak can take longer.`,
  },
  {
    id: 'shipping-countries',
    title: 'Countries we ship to',
    content: `We ship to every country in the European Union, the United Kingdom, Norway, Switzerland, the United States, Canada and Australia.
Express shipping is not available to PO boxes or military addresses. We do not currently ship to Russia, Belarus or countries under EU sanctions.`,
  },
  {
    id: 'shipping-tracking',
    title: 'Tracking your order',
    content: `As soon as an order leaves the print facility we email a tracking number and a link to the carrier's page. You also find it in Orders → order details.
Tracking can take up to 48 hours to show the first scan. Standard parcels within the EU go with DHL or the national post; express parcels go with UPS.`,
  },
  {
    id: 'shipping-customs',
    title: 'Customs and import duties',
    content: `Orders to the EU and the UK are shipped delivered duty paid (DDP): VAT and duties are included in the price and nothing is charged on delivery.
For the United States, Canada, Switzerland, Norway and Australia the recipient may have to pay import duties and taxes to the carrier. Orders to the US under $800 are usually duty-free.`,
  },
  {
    id: 'shipping-lost',
    title: 'Lost or damaged parcels',
    content: `If your parcel has not arrived 10 business days after the tracking shows it shipped, or it arrived damaged, report it within 30 days from Orders → Report a problem.
For damaged items, attach photos of the item and the packaging. We reprint and resend at no cost, or refund the order if you prefer.`,
  },
  {
    id: 'orders-returns',
    title: 'Returns and reprints',
    content: `Because every product is made to order, we cannot accept returns for a change of mind or a wrong size chosen by the customer.
Misprints, defects and wrong items are replaced free of charge: report them within 30 days with a photo. Reprints are produced with priority.`,
  },
  {
    id: 'orders-change',
    title: 'Changing or cancelling an order',
    content: `You can edit the shipping address or cancel an order within 2 hours of placing it, as long as it has not entered production. Open Orders, select the order and choose Edit or Cancel.
After production has started, an order can no longer be changed or cancelled. Contact support as soon as possible if the address is wrong; we try to update it with the carrier.`,
  },
  {
    id: 'orders-bulk',
    title: 'Bulk orders and volume discounts',
    content: `Ordering many items of one design? Volume discounts apply automatically: 10% off from 50 units, 15% from 100 units and 20% from 250 units.
For more than 1,000 units, contact our sales team for a custom quote and a dedicated production slot.`,
  },
  {
    id: 'product-file-requirements',
    title: 'Print file requirements',
    content: `Upload designs as PNG or PDF at 300 DPI at the final print size. Use a transparent background for apparel.
For paper products, add a 3 mm bleed on every side and keep text at least 5 mm from the edge. Files can be up to 50 MB. RGB files are converted to CMYK, so very bright colours may print slightly duller.`,
  },
  {
    id: 'product-materials',
    title: 'Materials and sizes',
    content: `T-shirts and hoodies are 100% organic cotton, in sizes XS to 3XL; see the size chart on each product page. Posters are printed on 200 g/m² matte paper, and mugs are ceramic and dishwasher safe.
Colours may vary slightly between monitors and the printed product.`,
  },
  {
    id: 'product-mockups',
    title: 'Mockup generator',
    content: `The mockup generator creates product photos from your design for your shop. Choose a product, upload the design and pick scenes and colours.
Pro and Business plans include premium lifestyle mockups and downloads in high resolution without a watermark.`,
  },
  {
    id: 'api-keys',
    title: 'API keys',
    content: `Create API keys in Settings → Developers → API keys. The secret is shown only once, so store it safely; send it in the Authorization header as a bearer token.
You can create several keys, give each a name, and revoke a key at any time. Rotate keys regularly and never commit them to public repositories.`,
  },
  {
    id: 'api-rate-limits',
    title: 'API rate limits',
    content: `The API allows 120 requests per minute per API key. When you go over the limit the API answers with status 429 Too Many Requests and a Retry-After header telling how many seconds to wait.
Every response carries X-RateLimit-Remaining and X-RateLimit-Reset headers. Business plans can ask for a higher limit.`,
  },
  {
    id: 'api-webhooks',
    title: 'Webhooks',
    content: `Webhooks notify your server about events such as order.created, order.shipped and order.cancelled. Add an endpoint URL in Settings → Developers → Webhooks.
Each delivery is signed: verify the X-Orbit-Signature header, an HMAC SHA-256 of the body with your webhook secret. Failed deliveries are retried with backoff for up to 24 hours.`,
  },
  {
    id: 'api-orders',
    title: 'Creating orders with the API',
    content: `Create an order with POST /v1/orders, giving the recipient, the shipping method and the line items (product id, variant and quantity).
Send an Idempotency-Key header so that a retried request never creates a second order. The response contains the order id and its status; poll GET /v1/orders/{id} or use webhooks to follow it.`,
  },
  {
    id: 'api-errors',
    title: 'API error codes',
    content: `Errors come back as JSON with a code and a message. 400 means the request was malformed, 401 that the API key is missing or invalid, 403 that the key lacks permission, 404 that the resource does not exist, 409 that an idempotency key was reused with a different body, and 422 that validation failed (for example an invalid address).
5xx errors are on our side and can be retried safely with the same idempotency key.`,
  },
  {
    id: 'integrations-shopify',
    title: 'Shopify integration',
    content: `Connect your Shopify store by installing the Orbit Print app from the Shopify App Store and signing in. Products you publish in Orbit Print are synced to Shopify with their mockups and prices.
When a customer buys a synced product, the order is imported automatically and sent to production; the tracking number is written back to Shopify.`,
  },
  {
    id: 'integrations-etsy',
    title: 'Etsy integration',
    content: `Link your Etsy shop from Settings → Integrations → Etsy. Listings are created as drafts so you can review them before publishing.
Etsy orders for linked listings are imported every 15 minutes. Etsy requires that you disclose Orbit Print as your production partner in each listing.`,
  },
  {
    id: 'privacy-gdpr',
    title: 'Privacy and GDPR',
    content: `Orbit Print is GDPR compliant. Customer data is stored in data centres in Frankfurt, Germany, and shared with carriers only to deliver orders.
Business customers can sign our data processing agreement (DPA) in Settings → Legal. To request a copy of your personal data, use Settings → Account → Data export.`,
  },
  {
    id: 'support-contact',
    title: 'Contacting support',
    content: `Our support team answers by chat and email, Monday to Friday from 9:00 to 18:00 CET. We reply within one business day; Business customers get a reply within 4 hours.
For order problems, include your order number so we can help faster.`,
  },
  {
    id: 'referral-program',
    title: 'Referral programme',
    content: `Invite friends with your referral link from Settings → Referrals. When someone you referred upgrades to Pro or Business, you both get one month free.
Referral credit is applied to your next invoice and cannot be paid out as cash.`,
  },
  {
    id: 'de-versand',
    title: 'Versand und Lieferzeiten',
    content: `Jede Bestellung wird auf Abruf gedruckt. Die Produktion dauert 2 bis 4 Werktage.
Der Standardversand innerhalb Deutschlands dauert danach 3 bis 5 Werktage, der Expressversand 1 bis 2 Werktage. Die Sendungsnummer erhalten Sie per E-Mail, sobald das Paket unser Druckzentrum verlässt.`,
  },
  {
    id: 'pl-zwroty',
    title: 'Zwroty i reklamacje',
    content: `Każdy produkt jest drukowany na zamówienie, dlatego nie przyjmujemy zwrotów towaru z powodu zmiany decyzji.
Reklamację wadliwego lub źle wydrukowanego produktu można złożyć w ciągu 30 dni, dołączając zdjęcie. Wymiana produktu jest bezpłatna, a nowy wydruk wysyłamy priorytetowo.`,
  },
  {
    id: 'es-facturacion',
    title: 'Facturación y pagos',
    content: `Aceptamos tarjetas de crédito y débito, PayPal y domiciliación bancaria SEPA. Cada pago genera una factura que puede descargar en PDF desde Ajustes → Facturación.
Para que aparezca su número de IVA o el nombre de su empresa en las facturas, añádalos en los datos de facturación antes del pago.`,
  },
  {
    id: 'fr-compte',
    title: 'Mot de passe et compte',
    content: `Vous avez oublié votre mot de passe ? Cliquez sur « Mot de passe oublié » sur la page de connexion : nous envoyons un lien de réinitialisation valable 60 minutes.
Pour supprimer votre compte, ouvrez Paramètres → Compte. Les comptes supprimés peuvent être restaurés pendant 30 jours.`,
  },
];
