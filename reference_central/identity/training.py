"""On a training central only: the demo accounts' published passwords and their authenticators' current codes,
for the sign-in screen, so that trainees learn the real gesture without a phone. A live central has no such
route (``404 not_found``), and an account whose password was changed is no longer listed."""

from __future__ import annotations

from carnet_domain.organisation import AccountStatus
from carnet_domain.refusals import RefusalCode as R
from central_contract.identity import TrainingAccount
from reference_central import records
from reference_central.errors import CentralError
from reference_central.identity import records as ids
from reference_central.identity import totp
from reference_central.operations.base import CentralBase


class TrainingOps(CentralBase):
    def training_accounts(self) -> list[TrainingAccount]:
        if not self.training:
            raise CentralError(R.NOT_FOUND)
        now = self.clock()
        shown: list[TrainingAccount] = []
        with self.store.transaction() as db:
            for account in records.accounts(db):
                credentials = ids.credentials(db, account.account_id)
                if not credentials.published_password or account.status is not AccountStatus.ACTIVE:
                    continue
                code = totp.code_at(self.box.open(credentials.totp_sealed), now) if credentials.enrolled else ""
                shown.append(TrainingAccount(
                    account_id=account.account_id, display_name=account.display_name, role=account.role,
                    office_id=account.office_id, password=credentials.published_password, totp_code=code,
                    totp_seconds_left=totp.seconds_left(now),
                ))
        return shown
