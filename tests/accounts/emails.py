"""Following the password links that engage emails, as the recipient would."""

from urllib.parse import urlsplit


def choose_password_from_email(client, message, password) -> str:
    """Open the set-a-password link in ``message``, choose ``password``; return the form page."""
    link = next(line for line in message.get_content().splitlines() if "/password/reset/" in line)
    form_page = client.get(urlsplit(link.strip()).path, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )
    return form_page.content.decode()
