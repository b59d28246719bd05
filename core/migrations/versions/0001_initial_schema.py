"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-12-06 10:02:45.984912
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('api_token',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('REGIONAL', 'DEPARTMENT', 'PARTNER', name='staffrole', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('department_codes', sa.JSON(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('public_id', name=op.f('uq_api_token_public_id')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_updated_at'), ['updated_at'], unique=False)

    op.create_table('data_revision',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_revision'))
    )
    op.create_table('department',
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('coter_name', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department')),
    sa.UniqueConstraint('code', name=op.f('uq_department_code')),
    sa.UniqueConstraint('public_id', name=op.f('uq_department_public_id'))
    )
    with op.batch_alter_table('department', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_updated_at'), ['updated_at'], unique=False)

    op.create_table('feed_entry_text',
    sa.Column('uid', sa.String(length=255), nullable=False),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('entry_key', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('changed_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_entry_text')),
    sa.UniqueConstraint('public_id', name=op.f('uq_feed_entry_text_public_id')),
    sa.UniqueConstraint('uid', 'audience', name=op.f('uq_feed_entry_text_uid'))
    )
    with op.batch_alter_table('feed_entry_text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_entry_text_expires_on'), ['expires_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_feed_entry_text_updated_at'), ['updated_at'], unique=False)

    op.create_table('feed_entry_version',
    sa.Column('uid', sa.String(length=255), nullable=False),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('changed_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_entry_version')),
    sa.UniqueConstraint('public_id', name=op.f('uq_feed_entry_version_public_id')),
    sa.UniqueConstraint('uid', 'audience', name=op.f('uq_feed_entry_version_uid'))
    )
    with op.batch_alter_table('feed_entry_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_entry_version_updated_at'), ['updated_at'], unique=False)

    op.create_table('feed_version',
    sa.Column('feed', sa.String(length=400), nullable=False),
    sa.Column('etag', sa.String(length=64), nullable=False),
    sa.Column('last_modified', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_version')),
    sa.UniqueConstraint('feed', name=op.f('uq_feed_version_feed')),
    sa.UniqueConstraint('public_id', name=op.f('uq_feed_version_public_id'))
    )
    with op.batch_alter_table('feed_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_version_updated_at'), ['updated_at'], unique=False)

    op.create_table('idempotency_key',
    sa.Column('scope', sa.String(length=80), nullable=False),
    sa.Column('operation', sa.String(length=80), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('expires_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_key')),
    sa.UniqueConstraint('public_id', name=op.f('uq_idempotency_key_public_id')),
    sa.UniqueConstraint('scope', 'operation', 'key_hash', name=op.f('uq_idempotency_key_scope'))
    )
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotency_key_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_idempotency_key_updated_at'), ['updated_at'], unique=False)

    op.create_table('organization',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=80), nullable=False),
    sa.Column('interactions_member', sa.Boolean(), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization')),
    sa.UniqueConstraint('public_id', name=op.f('uq_organization_public_id'))
    )
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organization_updated_at'), ['updated_at'], unique=False)

    op.create_table('outbox_message',
    sa.Column('channel', sa.Enum('EMAIL', 'WEBHOOK', name='outboxchannel', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('topic', sa.String(length=80), nullable=False),
    sa.Column('recipient', sa.String(length=300), nullable=True),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'SENT', 'KEPT', 'FAILED', name='outboxstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('body_dropped_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_message_dedupe_key')),
    sa.UniqueConstraint('public_id', name=op.f('uq_outbox_message_public_id'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_message_recipient'), ['recipient'], unique=False)
        batch_op.create_index('ix_outbox_message_status_next', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_updated_at'), ['updated_at'], unique=False)

    op.create_table('plugin_content',
    sa.Column('natural_key', sa.String(length=200), nullable=False),
    sa.Column('plugin', sa.String(length=100), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('withdrawn', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plugin_content')),
    sa.UniqueConstraint('natural_key', name=op.f('uq_plugin_content_natural_key')),
    sa.UniqueConstraint('public_id', name=op.f('uq_plugin_content_public_id'))
    )
    with op.batch_alter_table('plugin_content', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plugin_content_plugin'), ['plugin'], unique=False)
        batch_op.create_index(batch_op.f('ix_plugin_content_updated_at'), ['updated_at'], unique=False)

    op.create_table('rate_limit_window',
    sa.Column('bucket', sa.String(length=120), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('expires_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_limit_window')),
    sa.UniqueConstraint('bucket', name=op.f('uq_rate_limit_window_bucket')),
    sa.UniqueConstraint('public_id', name=op.f('uq_rate_limit_window_public_id'))
    )
    with op.batch_alter_table('rate_limit_window', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_window_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_rate_limit_window_updated_at'), ['updated_at'], unique=False)

    op.create_table('resource',
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('sort_title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.Enum('KNOWLEDGE_FILE', 'TOOL_CATALOGUE', 'THEMATIC_SELECTION', 'SYNTHESIS', 'INFOGRAPHIC', 'WEBSITE', 'FRAMEWORK', name='resourcekind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('publisher', sa.String(length=200), nullable=True),
    sa.Column('published', sa.String(length=40), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('audience', sa.String(length=300), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('ACTIVE', 'ARCHIVED', name='recordstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource')),
    sa.UniqueConstraint('public_id', name=op.f('uq_resource_public_id'))
    )
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resource_kind'), ['kind'], unique=False)
        batch_op.create_index('ix_resource_sort_title_id', ['sort_title', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resource_updated_at'), ['updated_at'], unique=False)

    op.create_table('staff_account',
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('role', sa.Enum('REGIONAL', 'DEPARTMENT', 'PARTNER', name='staffrole', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('department_codes', sa.JSON(), nullable=False),
    sa.Column('disabled_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_signed_in_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_account')),
    sa.UniqueConstraint('email', name=op.f('uq_staff_account_email')),
    sa.UniqueConstraint('public_id', name=op.f('uq_staff_account_public_id'))
    )
    with op.batch_alter_table('staff_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_account_updated_at'), ['updated_at'], unique=False)

    op.create_table('training_module',
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('length_days', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_module')),
    sa.UniqueConstraint('number', name=op.f('uq_training_module_number')),
    sa.UniqueConstraint('public_id', name=op.f('uq_training_module_public_id'))
    )
    with op.batch_alter_table('training_module', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_module_updated_at'), ['updated_at'], unique=False)

    op.create_table('audit_entry',
    sa.Column('token_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('object_type', sa.String(length=80), nullable=False),
    sa.Column('object_public_id', sa.String(length=36), nullable=False),
    sa.Column('department_code', sa.String(length=3), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['token_id'], ['api_token.id'], name=op.f('fk_audit_entry_token_id_api_token')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry')),
    sa.UniqueConstraint('public_id', name=op.f('uq_audit_entry_public_id'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entry_created_at_id', ['created_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_object_public_id'), ['object_public_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_token_id'), ['token_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_updated_at'), ['updated_at'], unique=False)

    op.create_table('event',
    sa.Column('kind', sa.Enum('PRACTICE_EXCHANGE_DAY', 'DEPARTMENT_EVENT', 'AWARENESS_SESSION', 'COTER_MEETING', name='eventkind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('department_code', sa.String(length=3), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('venue', sa.String(length=300), nullable=True),
    sa.Column('postal_code', sa.String(length=5), nullable=True),
    sa.Column('access_conditions', sa.JSON(), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('PLANNED', 'CONFIRMED', 'CANCELLED', name='sessionstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_code'], ['department.code'], name=op.f('fk_event_department_code_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event')),
    sa.UniqueConstraint('public_id', name=op.f('uq_event_public_id'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_date_id', ['date', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_department_code'), ['department_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_year'), ['year'], unique=False)

    op.create_table('feed_subscription',
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('feed_kind', sa.String(length=20), nullable=False),
    sa.Column('feed_key', sa.String(length=36), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('owner_token_id', sa.Integer(), nullable=True),
    sa.Column('owner_account_id', sa.Integer(), nullable=True),
    sa.Column('last_used_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('rotated_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_account_id'], ['staff_account.id'], name=op.f('fk_feed_subscription_owner_account_id_staff_account')),
    sa.ForeignKeyConstraint(['owner_token_id'], ['api_token.id'], name=op.f('fk_feed_subscription_owner_token_id_api_token')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_subscription')),
    sa.UniqueConstraint('public_id', name=op.f('uq_feed_subscription_public_id')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_feed_subscription_token_hash'))
    )
    with op.batch_alter_table('feed_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_subscription_owner_account_id'), ['owner_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feed_subscription_owner_token_id'), ['owner_token_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feed_subscription_updated_at'), ['updated_at'], unique=False)

    op.create_table('institution',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.Enum('ARS_TERRITORIAL_DELEGATION', 'DSDEN', 'DEPARTMENTAL_COUNCIL', 'REGIONAL_STATE_SERVICE', 'EDUCATION', name='institutionkind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('department_code', sa.String(length=3), nullable=True),
    sa.Column('steers_coter', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_code'], ['department.code'], name=op.f('fk_institution_department_code_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institution')),
    sa.UniqueConstraint('public_id', name=op.f('uq_institution_public_id'))
    )
    with op.batch_alter_table('institution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_institution_department_code'), ['department_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_institution_updated_at'), ['updated_at'], unique=False)

    op.create_table('module_prerequisite',
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.Enum('INTEREST_OR_EXPERIENCE', 'PARTNERSHIP_ABILITY', 'EMPLOYER_COMMITMENT', 'PRIOR_CPS_TRAINING', 'CONCEPTS_QUESTIONNAIRE', name='prerequisitekind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('minimum_score', sa.Float(), nullable=True),
    sa.Column('requires_interactions_member', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['training_module.id'], name=op.f('fk_module_prerequisite_module_id_training_module'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_prerequisite')),
    sa.UniqueConstraint('module_id', 'code', name=op.f('uq_module_prerequisite_module_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_module_prerequisite_public_id'))
    )
    with op.batch_alter_table('module_prerequisite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_prerequisite_module_id'), ['module_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_module_prerequisite_updated_at'), ['updated_at'], unique=False)

    op.create_table('person',
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('family_name', sa.String(length=100), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('sort_name', sa.String(length=200), nullable=False),
    sa.Column('search_text', sa.String(length=600), nullable=False),
    sa.Column('job_title', sa.String(length=300), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('contact_public', sa.Boolean(), nullable=False),
    sa.Column('contact_consent_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('ACTIVE', 'ARCHIVED', name='recordstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_person_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('public_id', name=op.f('uq_person_public_id'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index('ix_person_sort_name_id', ['sort_name', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_updated_at'), ['updated_at'], unique=False)

    op.create_table('resource_theme',
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_resource_theme_resource_id_resource'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_theme')),
    sa.UniqueConstraint('public_id', name=op.f('uq_resource_theme_public_id')),
    sa.UniqueConstraint('resource_id', 'slug', name=op.f('uq_resource_theme_resource_id'))
    )
    with op.batch_alter_table('resource_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resource_theme_resource_id'), ['resource_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resource_theme_slug'), ['slug'], unique=False)
        batch_op.create_index(batch_op.f('ix_resource_theme_updated_at'), ['updated_at'], unique=False)

    op.create_table('staff_sign_in_link',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('link_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['staff_account.id'], name=op.f('fk_staff_sign_in_link_account_id_staff_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_sign_in_link')),
    sa.UniqueConstraint('link_hash', name=op.f('uq_staff_sign_in_link_link_hash')),
    sa.UniqueConstraint('public_id', name=op.f('uq_staff_sign_in_link_public_id'))
    )
    with op.batch_alter_table('staff_sign_in_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_sign_in_link_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_sign_in_link_updated_at'), ['updated_at'], unique=False)

    op.create_table('staff_web_session',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('cookie_hash', sa.String(length=64), nullable=False),
    sa.Column('last_seen_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['staff_account.id'], name=op.f('fk_staff_web_session_account_id_staff_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_web_session')),
    sa.UniqueConstraint('cookie_hash', name=op.f('uq_staff_web_session_cookie_hash')),
    sa.UniqueConstraint('public_id', name=op.f('uq_staff_web_session_public_id'))
    )
    with op.batch_alter_table('staff_web_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_web_session_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_web_session_updated_at'), ['updated_at'], unique=False)

    op.create_table('training_session',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('department_code', sa.String(length=3), nullable=True),
    sa.Column('status', sa.Enum('PLANNED', 'CONFIRMED', 'CANCELLED', name='sessionstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('place_tentative', sa.Boolean(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('requires_approval', sa.Boolean(), nullable=False),
    sa.Column('day_count_reason', sa.Text(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_code'], ['department.code'], name=op.f('fk_training_session_department_code_department')),
    sa.ForeignKeyConstraint(['module_id'], ['training_module.id'], name=op.f('fk_training_session_module_id_training_module')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_session')),
    sa.UniqueConstraint('public_id', name=op.f('uq_training_session_public_id')),
    sa.UniqueConstraint('year', 'number', name=op.f('uq_training_session_year'))
    )
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_session_department_code'), ['department_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_session_module_id'), ['module_id'], unique=False)
        batch_op.create_index('ix_training_session_starts_on_id', ['starts_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_session_updated_at'), ['updated_at'], unique=False)

    op.create_table('webhook',
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('event_types', sa.JSON(), nullable=False),
    sa.Column('secret', sa.String(length=100), nullable=False),
    sa.Column('created_by_token_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('contact_email', sa.String(length=300), nullable=False),
    sa.Column('failing_since', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('disabled_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('deleted_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_token_id'], ['api_token.id'], name=op.f('fk_webhook_created_by_token_id_api_token')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook')),
    sa.UniqueConstraint('public_id', name=op.f('uq_webhook_public_id'))
    )
    with op.batch_alter_table('webhook', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_updated_at'), ['updated_at'], unique=False)

    op.create_table('action',
    sa.Column('department_code', sa.String(length=3), nullable=False),
    sa.Column('kind', sa.Enum('TRAINER_TRAINING', 'PROFESSIONAL_TRAINING', 'PRIORITY_INTERVENTION', 'EVIDENCE_BASED_PROGRAMME', name='actionkind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('programme', sa.Enum('UNPLUGGED', 'PRIMAVERA', 'GOOD_BEHAVIOUR_GAME', 'PRODAS', 'PSFP', name='programme', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('ACTIVE', 'ARCHIVED', name='recordstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_code'], ['department.code'], name=op.f('fk_action_department_code_department')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_action_event_id_event')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action')),
    sa.UniqueConstraint('public_id', name=op.f('uq_action_public_id'))
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_department_code'), ['department_code'], unique=False)
        batch_op.create_index('ix_action_period_start_id', ['period_start', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_updated_at'), ['updated_at'], unique=False)

    op.create_table('event_leader',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_leader_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_event_leader_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_leader')),
    sa.UniqueConstraint('public_id', name=op.f('uq_event_leader_public_id'))
    )
    with op.batch_alter_table('event_leader', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_leader_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_leader_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_leader_updated_at'), ['updated_at'], unique=False)

    op.create_table('person_department',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('department_code', sa.String(length=3), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_code'], ['department.code'], name=op.f('fk_person_department_department_code_department')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_department_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_department')),
    sa.UniqueConstraint('person_id', 'department_code', name=op.f('uq_person_department_person_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_person_department_public_id'))
    )
    with op.batch_alter_table('person_department', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_department_department_code'), ['department_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_department_updated_at'), ['updated_at'], unique=False)

    op.create_table('person_institution',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_person_institution_institution_id_institution')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_institution_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_institution')),
    sa.UniqueConstraint('person_id', 'institution_id', name=op.f('uq_person_institution_person_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_person_institution_public_id'))
    )
    with op.batch_alter_table('person_institution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_institution_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_institution_updated_at'), ['updated_at'], unique=False)

    op.create_table('person_role',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('REFERENT', 'REGIONAL_TRAINER', 'DEPARTMENT_TRAINER', name='personrole', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_role_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_role')),
    sa.UniqueConstraint('person_id', 'role', name=op.f('uq_person_role_person_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_person_role_public_id'))
    )
    with op.batch_alter_table('person_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_role_updated_at'), ['updated_at'], unique=False)

    op.create_table('registration',
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('CONFIRMED', 'PENDING_APPROVAL', 'WAITLISTED', 'REFUSED', 'CANCELLED', 'UNCONFIRMED', name='registrationstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('department_codes', sa.JSON(), nullable=False),
    sa.Column('reference_hash', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=300), nullable=True),
    sa.Column('email', sa.String(length=300), nullable=True),
    sa.Column('employer', sa.String(length=300), nullable=True),
    sa.Column('practice_department_code', sa.String(length=3), nullable=True),
    sa.Column('prior_training_organization', sa.String(length=300), nullable=True),
    sa.Column('prior_training_interactions_member', sa.Boolean(), nullable=True),
    sa.Column('questionnaire_score', sa.Float(), nullable=True),
    sa.Column('employer_commitment', sa.Boolean(), nullable=True),
    sa.Column('confirmed_trainer_training_years', sa.JSON(), nullable=True),
    sa.Column('rule_outcomes', sa.JSON(), nullable=False),
    sa.Column('registered_by_token_id', sa.Integer(), nullable=True),
    sa.Column('erased_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_registration_event_id_event')),
    sa.ForeignKeyConstraint(['registered_by_token_id'], ['api_token.id'], name=op.f('fk_registration_registered_by_token_id_api_token')),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_registration_session_id_training_session')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration')),
    sa.UniqueConstraint('public_id', name=op.f('uq_registration_public_id')),
    sa.UniqueConstraint('reference_hash', name=op.f('uq_registration_reference_hash'))
    )
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_email'), ['email'], unique=False)
        batch_op.create_index('ix_registration_event_id_status', ['event_id', 'status'], unique=False)
        batch_op.create_index('ix_registration_session_id_status', ['session_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_updated_at'), ['updated_at'], unique=False)

    op.create_table('session_day',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('cancelled_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_session_day_session_id_training_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_day')),
    sa.UniqueConstraint('public_id', name=op.f('uq_session_day_public_id')),
    sa.UniqueConstraint('session_id', 'date', name=op.f('uq_session_day_session_id'))
    )
    with op.batch_alter_table('session_day', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_day_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_day_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_day_updated_at'), ['updated_at'], unique=False)

    op.create_table('session_place',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('city_search', sa.String(length=120), nullable=False),
    sa.Column('venue', sa.String(length=300), nullable=True),
    sa.Column('postal_code', sa.String(length=5), nullable=False),
    sa.Column('department_code', sa.String(length=3), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_code'], ['department.code'], name=op.f('fk_session_place_department_code_department')),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_session_place_session_id_training_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_place')),
    sa.UniqueConstraint('public_id', name=op.f('uq_session_place_public_id'))
    )
    with op.batch_alter_table('session_place', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_place_city_search'), ['city_search'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_place_department_code'), ['department_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_place_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_place_updated_at'), ['updated_at'], unique=False)

    op.create_table('session_trainer',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_session_trainer_person_id_person')),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_session_trainer_session_id_training_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_trainer')),
    sa.UniqueConstraint('public_id', name=op.f('uq_session_trainer_public_id')),
    sa.UniqueConstraint('session_id', 'person_id', name=op.f('uq_session_trainer_session_id'))
    )
    with op.batch_alter_table('session_trainer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_trainer_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_trainer_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_trainer_updated_at'), ['updated_at'], unique=False)

    op.create_table('webhook_delivery',
    sa.Column('webhook_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=36), nullable=False),
    sa.Column('event_type', sa.String(length=80), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['webhook_id'], ['webhook.id'], name=op.f('fk_webhook_delivery_webhook_id_webhook'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_delivery')),
    sa.UniqueConstraint('public_id', name=op.f('uq_webhook_delivery_public_id'))
    )
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_delivery_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index('ix_webhook_delivery_webhook_id_id', ['webhook_id', 'id'], unique=False)

    op.create_table('registration_link',
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('MANAGE', 'CONFIRM_ADDRESS', name='linkpurpose', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('used_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_registration_link_registration_id_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_link')),
    sa.UniqueConstraint('public_id', name=op.f('uq_registration_link_public_id')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_registration_link_token_hash'))
    )
    with op.batch_alter_table('registration_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_link_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_link_updated_at'), ['updated_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('registration_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_link_updated_at'))
        batch_op.drop_index(batch_op.f('ix_registration_link_registration_id'))

    op.drop_table('registration_link')
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.drop_index('ix_webhook_delivery_webhook_id_id')
        batch_op.drop_index(batch_op.f('ix_webhook_delivery_updated_at'))

    op.drop_table('webhook_delivery')
    with op.batch_alter_table('session_trainer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_trainer_updated_at'))
        batch_op.drop_index(batch_op.f('ix_session_trainer_session_id'))
        batch_op.drop_index(batch_op.f('ix_session_trainer_person_id'))

    op.drop_table('session_trainer')
    with op.batch_alter_table('session_place', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_place_updated_at'))
        batch_op.drop_index(batch_op.f('ix_session_place_session_id'))
        batch_op.drop_index(batch_op.f('ix_session_place_department_code'))
        batch_op.drop_index(batch_op.f('ix_session_place_city_search'))

    op.drop_table('session_place')
    with op.batch_alter_table('session_day', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_day_updated_at'))
        batch_op.drop_index(batch_op.f('ix_session_day_session_id'))
        batch_op.drop_index(batch_op.f('ix_session_day_date'))

    op.drop_table('session_day')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_updated_at'))
        batch_op.drop_index('ix_registration_session_id_status')
        batch_op.drop_index('ix_registration_event_id_status')
        batch_op.drop_index(batch_op.f('ix_registration_email'))

    op.drop_table('registration')
    with op.batch_alter_table('person_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_role_updated_at'))

    op.drop_table('person_role')
    with op.batch_alter_table('person_institution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_institution_updated_at'))
        batch_op.drop_index(batch_op.f('ix_person_institution_institution_id'))

    op.drop_table('person_institution')
    with op.batch_alter_table('person_department', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_department_updated_at'))
        batch_op.drop_index(batch_op.f('ix_person_department_department_code'))

    op.drop_table('person_department')
    with op.batch_alter_table('event_leader', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_leader_updated_at'))
        batch_op.drop_index(batch_op.f('ix_event_leader_person_id'))
        batch_op.drop_index(batch_op.f('ix_event_leader_event_id'))

    op.drop_table('event_leader')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_updated_at'))
        batch_op.drop_index('ix_action_period_start_id')
        batch_op.drop_index(batch_op.f('ix_action_department_code'))

    op.drop_table('action')
    with op.batch_alter_table('webhook', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_updated_at'))

    op.drop_table('webhook')
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_session_updated_at'))
        batch_op.drop_index('ix_training_session_starts_on_id')
        batch_op.drop_index(batch_op.f('ix_training_session_module_id'))
        batch_op.drop_index(batch_op.f('ix_training_session_department_code'))

    op.drop_table('training_session')
    with op.batch_alter_table('staff_web_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_web_session_updated_at'))
        batch_op.drop_index(batch_op.f('ix_staff_web_session_account_id'))

    op.drop_table('staff_web_session')
    with op.batch_alter_table('staff_sign_in_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_sign_in_link_updated_at'))
        batch_op.drop_index(batch_op.f('ix_staff_sign_in_link_account_id'))

    op.drop_table('staff_sign_in_link')
    with op.batch_alter_table('resource_theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resource_theme_updated_at'))
        batch_op.drop_index(batch_op.f('ix_resource_theme_slug'))
        batch_op.drop_index(batch_op.f('ix_resource_theme_resource_id'))

    op.drop_table('resource_theme')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_updated_at'))
        batch_op.drop_index('ix_person_sort_name_id')
        batch_op.drop_index(batch_op.f('ix_person_organization_id'))

    op.drop_table('person')
    with op.batch_alter_table('module_prerequisite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_prerequisite_updated_at'))
        batch_op.drop_index(batch_op.f('ix_module_prerequisite_module_id'))

    op.drop_table('module_prerequisite')
    with op.batch_alter_table('institution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_institution_updated_at'))
        batch_op.drop_index(batch_op.f('ix_institution_department_code'))

    op.drop_table('institution')
    with op.batch_alter_table('feed_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_subscription_updated_at'))
        batch_op.drop_index(batch_op.f('ix_feed_subscription_owner_token_id'))
        batch_op.drop_index(batch_op.f('ix_feed_subscription_owner_account_id'))

    op.drop_table('feed_subscription')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_year'))
        batch_op.drop_index(batch_op.f('ix_event_updated_at'))
        batch_op.drop_index(batch_op.f('ix_event_kind'))
        batch_op.drop_index(batch_op.f('ix_event_department_code'))
        batch_op.drop_index('ix_event_date_id')

    op.drop_table('event')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_updated_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_token_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_object_public_id'))
        batch_op.drop_index('ix_audit_entry_created_at_id')

    op.drop_table('audit_entry')
    with op.batch_alter_table('training_module', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_module_updated_at'))

    op.drop_table('training_module')
    with op.batch_alter_table('staff_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_account_updated_at'))

    op.drop_table('staff_account')
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resource_updated_at'))
        batch_op.drop_index('ix_resource_sort_title_id')
        batch_op.drop_index(batch_op.f('ix_resource_kind'))

    op.drop_table('resource')
    with op.batch_alter_table('rate_limit_window', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_window_updated_at'))
        batch_op.drop_index(batch_op.f('ix_rate_limit_window_expires_at'))

    op.drop_table('rate_limit_window')
    with op.batch_alter_table('plugin_content', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plugin_content_updated_at'))
        batch_op.drop_index(batch_op.f('ix_plugin_content_plugin'))

    op.drop_table('plugin_content')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_updated_at'))
        batch_op.drop_index('ix_outbox_message_status_next')
        batch_op.drop_index(batch_op.f('ix_outbox_message_recipient'))

    op.drop_table('outbox_message')
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organization_updated_at'))

    op.drop_table('organization')
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_key_updated_at'))
        batch_op.drop_index(batch_op.f('ix_idempotency_key_expires_at'))

    op.drop_table('idempotency_key')
    with op.batch_alter_table('feed_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_version_updated_at'))

    op.drop_table('feed_version')
    with op.batch_alter_table('feed_entry_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_entry_version_updated_at'))

    op.drop_table('feed_entry_version')
    with op.batch_alter_table('feed_entry_text', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_entry_text_updated_at'))
        batch_op.drop_index(batch_op.f('ix_feed_entry_text_expires_on'))

    op.drop_table('feed_entry_text')
    with op.batch_alter_table('department', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_department_updated_at'))

    op.drop_table('department')
    op.drop_table('data_revision')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_updated_at'))

    op.drop_table('api_token')
