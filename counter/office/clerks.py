"""Offices and clerks: first set-up, adding clerks, signing in, lockout and unlocking.

Passwords are hashed with Argon2id. After `lockout_attempts` failed sign-ins in a row an account
locks until a supervisor clears it or `lockout_minutes` pass.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from counter.base.config import Settings
from counter.base.errors import AuthError, ValidationError
from counter.base.i18n import _
from counter.base.session import Actor, SignedInClerk
from counter.office.setup_checks import (  # noqa: F401 - the checks are part of this module's interface
    MIN_PASSWORD_LENGTH,
    USERNAME_RE,
    check_setup,
    validate_display_name,
    validate_office_code,
    validate_password,
    validate_phone,
    validate_username,
)
from counter.rules.text import check_identifier
from counter.store.audit import record_event
from counter.store.db import Database
from models import Clerk, Office, utcnow

ROLES = ("clerk", "supervisor")
_hasher = PasswordHasher()


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def needs_setup(db: Database) -> bool:
    """True while the database holds no clerk (the app then opens the set-up screen)."""
    with db.session() as session:
        return session.exec(select(func.count()).select_from(Clerk)).one() == 0


def _signed_in(clerk: Clerk, office: Office, device: str) -> SignedInClerk:
    return SignedInClerk(
        clerk.id, clerk.username, clerk.display_name, clerk.role, office.id, office.code, office.name, device
    )


def setup_office(
    db: Database, *, office_code: str, office_name: str, username: str, display_name: str, password: str, device: str,
    office_phone: str = "",
) -> SignedInClerk:
    """Create the office (with its phone, printed on the papers) and its first supervisor (only while no
    clerk exists).

    Every problem of the form is raised at once (`FormRejected`); a set-up database refuses with
    code `already_set_up`.
    """
    form = check_setup(office_code=office_code, office_name=office_name, username=username,
                       display_name=display_name, password=password, office_phone=office_phone)
    with db.write() as session:
        if session.exec(select(func.count()).select_from(Clerk)).one():
            raise ValidationError(_("This database is already set up; sign in instead."), code="already_set_up")
        office = session.exec(select(Office).where(Office.code == form.office_code)).first()
        if office is None:
            office = Office(code=form.office_code, name=form.office_name, phone=form.office_phone)
            session.add(office)
            session.flush()
        elif form.office_phone:
            office.phone = form.office_phone
        clerk = Clerk(
            office_id=office.id, username=form.username, display_name=form.display_name, role="supervisor",
            password_hash=_hasher.hash(form.password),
        )
        session.add(clerk)
        session.flush()
        actor = Actor(clerk.id, clerk.username, office.code, device)
        record_event(session, "office.setup", actor, entity_type="office", entity_id=office.id,
                     details={"code": office.code, "name": office.name, "phone": office.phone})
        record_event(session, "clerk.add", actor, entity_type="clerk", entity_id=clerk.id,
                     details={"username": clerk.username, "role": clerk.role})
        return _signed_in(clerk, office, device)


def add_clerk(
    db: Database, *, username: str, display_name: str, role: str, password: str, actor: Actor | None,
    office_code: str | None = None,
) -> Clerk:
    """Add a clerk to an office (the only office, or `office_code` where several share the database)."""
    if role not in ROLES:
        raise ValidationError(_("The role is clerk or supervisor."), field="role")
    user = validate_username(username)
    shown = validate_display_name(display_name)
    validate_password(password)
    with db.write() as session:
        office = _office_for(session, office_code or (actor.office_code if actor else None))
        clerk = Clerk(office_id=office.id, username=user, display_name=shown, role=role,
                      password_hash=_hasher.hash(password))
        session.add(clerk)
        try:
            session.flush()
        except IntegrityError as exc:
            raise ValidationError(_("The user name {name} is taken.").format(name=user), field="username") from exc
        record_event(session, "clerk.add", actor, entity_type="clerk", entity_id=clerk.id,
                     details={"username": user, "role": role, "office": office.code})
        return clerk


def edit_office(db: Database, *, actor: Actor | None, office_code: str | None = None, name: str | None = None,
                phone: str | None = None) -> Office:
    """Change the office's name or phone (an empty phone removes it); audited with what changed."""
    changes: dict[str, str | None] = {}
    if name is not None:
        changes["name"] = validate_display_name(name, "office_name")
    if phone is not None:
        changes["phone"] = validate_phone(phone)
    if not changes:
        raise ValidationError(_("Give the new name or phone of the office."), field="office")
    with db.write() as session:
        office = _office_for(session, office_code or (actor.office_code if actor else None))
        for key, value in changes.items():
            setattr(office, key, value)
        session.add(office)
        record_event(session, "office.edit", actor, entity_type="office", entity_id=office.id,
                     details={"code": office.code, **changes})
        return office


def _office_for(session: Session, office_code: str | None) -> Office:
    offices = session.exec(select(Office)).all()
    if office_code:
        check_identifier(office_code, field="office")
        offices = [o for o in offices if o.code == office_code.upper()]
    if len(offices) != 1:
        raise ValidationError(
            _("Set up the office first (run counter and follow the set-up screen), or name the office.")
            if not offices else _("Several offices share this database: name the office."),
            field="office",
        )
    return offices[0]


def is_locked(clerk: Clerk, settings: Settings, now: datetime) -> bool:
    """True while the account is locked (a lock expires after `lockout_minutes`)."""
    locked_at = _aware(clerk.locked_at)
    return locked_at is not None and now < locked_at + timedelta(minutes=settings.lockout_minutes)


def authenticate(
    db: Database, username: str, password: str, settings: Settings, device: str, now: datetime | None = None
) -> SignedInClerk:
    """Sign a clerk in, counting failures; raises AuthError with a message for the clerk.

    A refusal is raised only after its transaction commits, so failed attempts and the lock stick.
    """
    now = now or utcnow()
    user = username.strip().lower()
    with db.write() as session:
        outcome = _attempt_sign_in(session, user, password, settings, device, now)
    if isinstance(outcome, AuthError):
        raise outcome
    return outcome


def _attempt_sign_in(
    session: Session, user: str, password: str, settings: Settings, device: str, now: datetime
) -> SignedInClerk | AuthError:
    clerk = session.exec(select(Clerk).where(Clerk.username == user)).first()
    if clerk is None or not clerk.active:
        # A password typed into the name field must not enter the append-only trail.
        shown = user[:64] if USERNAME_RE.match(user) else "(invalid)"
        record_event(session, "login.unknown", Actor(None, shown, None, device))
        return AuthError(_("Unknown user name or wrong password."))
    office = session.get(Office, clerk.office_id)
    assert office is not None
    actor = Actor(clerk.id, clerk.username, office.code, device)
    if is_locked(clerk, settings, now):
        record_event(session, "login.refused_locked", actor, entity_type="clerk", entity_id=clerk.id)
        return AuthError(_("This account is locked after too many failed attempts. Ask a supervisor to "
                           "unlock it, or try again later."), code="locked")
    if clerk.locked_at is not None:  # the lock expired by itself
        clerk.locked_at, clerk.failed_attempts = None, 0
    if not _password_matches(clerk, password):
        clerk.failed_attempts += 1
        session.add(clerk)
        record_event(session, "login.failed", actor, entity_type="clerk", entity_id=clerk.id,
                     details={"failed_attempts": clerk.failed_attempts})
        if clerk.failed_attempts >= settings.lockout_attempts:
            clerk.locked_at = now
            record_event(session, "account.locked", actor, entity_type="clerk", entity_id=clerk.id)
            return AuthError(_("Too many failed attempts: the account is now locked. Ask a supervisor to "
                               "unlock it."), code="locked")
        left = settings.lockout_attempts - clerk.failed_attempts
        return AuthError(_("Unknown user name or wrong password. {n} attempts left before the account "
                           "locks.").format(n=left))
    clerk.failed_attempts, clerk.last_login_at = 0, now
    if _hasher.check_needs_rehash(clerk.password_hash):
        clerk.password_hash = _hasher.hash(password)
    session.add(clerk)
    record_event(session, "login", actor, entity_type="clerk", entity_id=clerk.id)
    return _signed_in(clerk, office, device)


def _password_matches(clerk: Clerk, password: str) -> bool:
    try:
        return _hasher.verify(clerk.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def unlock_clerk(db: Database, username: str, actor: Actor, *, by: SignedInClerk | None = None) -> None:
    """Clear a locked account: in the app by a supervisor (`by`), or by the operator's CLI."""
    if by is not None and not by.is_supervisor:
        raise AuthError(_("Only a supervisor can unlock an account."))
    check_identifier(username, field="username")
    with db.write() as session:
        clerk = session.exec(select(Clerk).where(Clerk.username == username.strip().lower())).first()
        if clerk is None:
            raise ValidationError(_("No clerk is called {name}.").format(name=username), field="username")
        clerk.locked_at, clerk.failed_attempts = None, 0
        session.add(clerk)
        record_event(session, "account.unlocked", actor, entity_type="clerk", entity_id=clerk.id)


def record_simple(db: Database, action: str, clerk: SignedInClerk) -> None:
    """Audit a session event without other state (logout, screen lock, screen unlock)."""
    with db.write() as session:
        record_event(session, action, clerk.actor, entity_type="clerk", entity_id=clerk.clerk_id)
