/**
 * Field names Clio accepts in `fields=`, per resource, derived from Clio's OpenAPI spec
 * (docs/clio.md#clios-openapi-file, `components.schemas`): `scalars` are the `<Name>_base`
 * properties, `nested` the properties the full `<Name>` schema adds (`name:Schema`, `[]` for arrays).
 * `NESTED_FIELDS` lists each nested schema's own properties (one nesting level is all Clio allows).
 * Generated once with a jq/node script; edit by regenerating, not by hand.
 */
export const RESOURCE_FIELDS = {
  User: {
    scalars: `account_owner clio_connect court_rules_default_attendee created_at default_calendar_id email
      enabled etag first_name id initials last_name name phone_number rate roles subscription_type
      time_zone updated_at`,
    nested: `default_activity_description:ActivityDescription_base
      notification_methods:[]NotificationMethod_base account:Account_base avatar:Avatar_base
      contact:Contact_base job_title:JobTitle_base groups:[]Group_base`,
  },
  Contact: {
    scalars: `id etag name first_name middle_name last_name date_of_birth type created_at updated_at prefix
      title initials clio_connect_email locked_clio_connect_email client_connect_user_id
      primary_email_address secondary_email_address primary_phone_number secondary_phone_number
      ledes_client_id has_clio_for_clients_permission is_client is_clio_for_client_user
      is_co_counsel is_bill_recipient sales_tax_number currency`,
    nested: `activity_rates:[]ActivityRate_base addresses:[]Address_base
      custom_field_values:[]CustomFieldValue
      custom_field_set_associations:[]CustomFieldSetAssociation_base
      email_addresses:[]EmailAddress_base instant_messengers:[]InstantMessenger_base
      phone_numbers:[]PhoneNumber_base web_sites:[]WebSite_base
      notification_methods:[]NotificationMethod_base account_balances:[]AccountBalance_base
      related_contacts:[]Contact_base primary_work_address:Address_base primary_address:Address_base
      secondary_address:Address_base company:Contact_base avatar:Avatar_base
      payment_profile:PaymentProfile_base folder:Folder_base co_counsel_rate:ActivityRate_base
      primary_web_site:WebSite_base legal_aid_uk_contact:LegalAidUkContact_base`,
  },
  Matter: {
    scalars: `id etag number display_number custom_number currency description status location
      client_reference client_id billable maildrop_address billing_method open_date close_date
      pending_date created_at updated_at shared has_tasks last_activity_date matter_stage_updated_at`,
    nested: `client:Contact_base contingency_fee:ContingencyFee_base custom_rate:MatterCustomRate
      evergreen_retainer:EvergreenRetainer_base folder:Folder_base group:Group_base
      matter_budget:MatterBudget_base matter_stage:MatterStage_base originating_attorney:User_base
      practice_area:PracticeArea_base responsible_attorney:User_base
      statute_of_limitations:Task_base user:User_base legal_aid_uk_matter:LegalAidUkMatter_base
      account_balances:[]AccountBalance_base custom_field_values:[]CustomFieldValue
      custom_field_set_associations:[]CustomFieldSetAssociation_base
      matter_bill_recipients:[]MatterBillRecipient relationships:[]Relationship_base
      task_template_list_instances:[]TaskTemplateListInstace_base
      split_invoice_payers:[]SplitInvoicePayer_base`,
  },
  Communication: {
    scalars: 'id etag subject body type date time_entries_count created_at updated_at received_at',
    nested: `user:User_base matter:Matter_base communication_eml_file:CommunicationEmlFile_base
      senders:[]Participant receivers:[]Participant external_properties:[]ExternalProperty_base
      time_entries:[]Activity_base documents:[]Document_base
      notification_event_subscribers:[]NotificationEventSubscriber_base`,
  },
} as const;

export const NESTED_FIELDS: Readonly<Record<string, string>> = {
  AccountBalance_base: 'id balance type name currency_id',
  Account_base: 'id etag name state created_at updated_at',
  ActivityDescription_base: `id etag name visible_to_co_counsel created_at updated_at default type utbms_activity_id
    utbms_task_name utbms_task_id xero_service_code accessible_to_user category_type currency`,
  ActivityRate_base: 'id etag rate flat_rate created_at updated_at contact_id co_counsel_contact_id',
  Activity_base: `id etag type date quantity_in_hours rounded_quantity_in_hours quantity rounded_quantity
    quantity_redacted price note flat_rate billed on_bill total contingency_fee created_at
    updated_at reference non_billable non_billable_total no_charge tax_setting currency`,
  Address_base: 'id etag street city province postal_code country name created_at updated_at primary',
  Avatar_base: 'id etag created_at updated_at url _destroy',
  CommunicationEmlFile_base: 'id',
  Contact_base: `id etag name first_name middle_name last_name date_of_birth type created_at updated_at prefix
    title initials clio_connect_email locked_clio_connect_email client_connect_user_id
    primary_email_address secondary_email_address primary_phone_number secondary_phone_number
    ledes_client_id has_clio_for_clients_permission is_client is_clio_for_client_user is_co_counsel
    is_bill_recipient sales_tax_number currency`,
  ContingencyFee_base: 'id etag created_at updated_at show_contingency_award',
  CustomFieldSetAssociation_base: 'id etag display_order created_at updated_at',
  CustomFieldValue: `id etag field_name created_at updated_at field_type field_required field_displayed
    field_display_order value soft_deleted custom_field picklist_option matter contact`,
  Document_base: 'id etag created_at updated_at deleted_at type locked name received_at filename size content_type',
  EmailAddress_base: 'id etag address name primary created_at updated_at',
  EvergreenRetainer_base: 'id created_at updated_at etag minimum_threshold',
  ExternalProperty_base: 'id etag name value created_at updated_at',
  Folder_base: 'id etag created_at updated_at deleted_at type locked name root',
  Group_base: 'client_connect_user etag id name type updated_at',
  InstantMessenger_base: 'id etag address name created_at updated_at',
  JobTitle_base: 'id etag name initials',
  LegalAidUkContact_base: `id disability disability_code ethnicity ethnicity_title financially_eligible gender gender_title
    national_insurance_number`,
  LegalAidUkMatter_base: `access_point laa_office_number ait_hearing_centre
    attended_several_hearings_acting_for_multiple_clients bill_ho_ucn bill_number_of_attendances
    bill_outcome_for_the_client_code bill_stage_reached_code case_reference case_start_date category
    category_as_string certificate_effective_date certificate_expiration_date certificate_number
    certificate_scope certification_type change_of_solicitor client_equal_opportunity_monitoring
    client_type clr_start_date clr_total_profit_costs cost_limit counsel court court_id
    court_id_code created_at delivery_location dscc_number duty_solicitor etag
    exceptional_case_funding_reference expense_limit fee_scheme first_conducting_solicitor id
    irc_surgery legacy_case legal_representation_number lh_total_disbursements lh_start_date
    lh_total_profit_costs linked_matter_id local_authority_number maat_id matter_type
    matter_type_code matter_type_1 matter_type_1_code matter_type_1_title matter_type_2
    matter_type_2_code matter_type_2_title matter_types_combined number_of_clients_seen_at_surgery
    number_of_clients party police_station post_transfer_clients_represented
    postal_application_accepted prior_authority_reference prison_id prison_law_prior_approval_number
    procurement_area region related_claims_number representation_order_date
    schedule_reference_number scheme_id session_type solicitor_type standard_fee_category
    surgery_clients_resulting_in_a_legal_help_matter_opened surgery_clients surgery_date
    transfer_date type_of_advice type_of_service ucn ufn undesignated_area_court updated_at
    user_type youth_court`,
  MatterBillRecipient: 'created_at etag id updated_at recipient',
  MatterBudget_base: 'id etag budget include_expenses notification_threshold notify_users created_at updated_at',
  MatterCustomRate: 'type on_invoice rates',
  MatterStage_base: 'id etag practice_area_id name order created_at updated_at',
  Matter_base: `id etag number display_number custom_number currency description status location
    client_reference client_id billable maildrop_address billing_method open_date close_date
    pending_date created_at updated_at shared has_tasks last_activity_date matter_stage_updated_at`,
  NotificationEventSubscriber_base: 'id etag user_id name created_at updated_at',
  NotificationMethod_base: 'id etag type email_address is_default_email_address created_at updated_at',
  Participant: `id etag created_at updated_at type identifier secondary_identifier enabled name initials
    job_title_name avatar`,
  PaymentProfile_base: `id etag created_at updated_at billing_setting_id name terms discount_rate discount_period
    interest_rate interest_period interest_type`,
  PhoneNumber_base: 'id etag number name primary created_at updated_at',
  PracticeArea_base: 'id etag created_at updated_at name category code',
  Relationship_base: 'id etag description created_at updated_at',
  SplitInvoicePayer_base: 'id contact_id matter_id send_to_bill_recipients split_portion etag created_at updated_at',
  TaskTemplateListInstace_base: 'id etag created_at updated_at',
  Task_base: `id etag name status description description_text_type priority due_at permission completed_at
    notify_completion statute_of_limitations time_estimated created_at updated_at time_entries_count`,
  User_base: `account_owner clio_connect court_rules_default_attendee created_at default_calendar_id email
    enabled etag first_name id initials last_name name phone_number rate roles subscription_type
    time_zone updated_at`,
  WebSite_base: 'id etag address name default_web_site created_at updated_at',
};
