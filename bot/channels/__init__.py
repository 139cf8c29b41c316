"""Our channels. REST and the web chat are always on (credentials.yml); a messaging app is switched on
when all of its environment variables are set (docs/channels.md)."""
from typing import List, Mapping

from rasa.core.channels.channel import InputChannel


def from_environment(environ: Mapping[str, str]) -> List[InputChannel]:
    """The messaging channels whose environment variables are all set (none by default)."""
    from bot.channels.messenger import MessengerInput
    from bot.channels.telegram import TelegramInput
    from bot.channels.twilio import TwilioInput

    def given(*names: str) -> bool:
        return all(environ.get(n) for n in names)

    channels: List[InputChannel] = []
    if given("TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_SECRET_TOKEN"):
        channels.append(TelegramInput(
            environ["TELEGRAM_TOKEN"], environ["TELEGRAM_WEBHOOK_URL"], environ["TELEGRAM_SECRET_TOKEN"],
            environ.get("TELEGRAM_API_URL", "https://api.telegram.org"),
        ))
    if given("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_NUMBER"):
        channels.append(TwilioInput(
            environ["TWILIO_ACCOUNT_SID"], environ["TWILIO_AUTH_TOKEN"], environ["TWILIO_NUMBER"],
            environ.get("TWILIO_API_URL", "https://api.twilio.com"), environ.get("TWILIO_WEBHOOK_URL", ""),
        ))
    if given("MESSENGER_VERIFY_TOKEN", "MESSENGER_APP_SECRET", "MESSENGER_PAGE_ACCESS_TOKEN"):
        channels.append(MessengerInput(
            environ["MESSENGER_VERIFY_TOKEN"], environ["MESSENGER_APP_SECRET"],
            environ["MESSENGER_PAGE_ACCESS_TOKEN"], environ.get("MESSENGER_API_URL", "https://graph.facebook.com/v18.0"),
        ))
    return channels
