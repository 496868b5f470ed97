// The components one feature lends another, handed over in one place.
//
// A feature imports only ui/, lib/, app/ and itself (eslint.config.js), so a
// feature that opens another's form or dialog does it through here: the app is
// where features are composed, and this list shows every such crossing.
// - The caseload opens the client record's "New client" and "Record episode"
//   forms in a dialog (phone cards and the toolbar).
// - The practice dashboard's open-alerts tile opens the alerts dialog.
export { ClientForm, type ClientRecord } from "../client-record/recording/client-form";
export { EpisodeForm } from "../client-record/recording/episode-form";
export { OpenAlertsDialog } from "../alerts/open-alerts-dialog";
