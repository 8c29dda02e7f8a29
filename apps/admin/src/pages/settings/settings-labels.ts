/** What each setting is called on the page, and a line on what it does (the API's descriptions, for people). */
export const FIELD_TEXT: Record<string, { label: string; description?: string }> = {
  'sender.email.fromName': { label: 'From name', description: 'Shown as the sender; your business name when empty' },
  'sender.email.fromAddress': { label: 'From address', description: 'Used once someone reading it confirms; until then the platform\'s default sender' },
  'sender.email.replyTo': { label: 'Reply-To address', description: 'Where replies go; empty: to the From address' },
  'sender.sms.from': { label: 'SMS sender', description: 'A phone number (+15035550100) or a Twilio messaging service SID (MG…); empty: the platform\'s number' },
  'quietHours.email': { label: 'Email', description: 'In each customer\'s local time; off: any time' },
  'quietHours.sms': { label: 'SMS', description: 'In each customer\'s local time; off: any time' },
  'frequencyCap.perDay': { label: 'Per day', description: 'Messages per customer in any 24 hours; empty: no cap' },
  'frequencyCap.perWeek': { label: 'Per week', description: 'In any 7 days, at least the daily cap; empty: no cap' },
  'costs.email': { label: 'Per email', description: 'In your currency, up to 5 decimals' },
  'costs.smsSegment': { label: 'Per SMS segment', description: 'Per billed segment (160 characters, 70 with emoji)' },
  'attribution.clickWindow': { label: 'After a click', description: 'ISO-8601 duration, PT1H to P90D (P7D: 7 days)' },
  'attribution.openWindow': { label: 'After an open', description: 'ISO-8601 duration, PT1H to P90D (PT12H: 12 hours)' },
  'consent.emailRequiresOptIn': { label: 'Email only customers who opted in', description: 'Off: anyone who has not opted out (GDPR-style when on)' },
  'contact.phone': { label: 'Phone', description: 'Templates show it as {{business.phone}}' },
  'contact.email': { label: 'Contact email', description: 'Where customers can write to you' },
  'contact.website': { label: 'Website', description: 'An http or https address; templates show it as {{business.website}}' },
};
