import { getActivePinia } from 'pinia';
import { useI18n } from 'vue-i18n';
import { usePlanStore } from '../stores/plan.js';

/**
 * Code names shown as words from the i18n files (not the API's Japanese strings), so the English locale shows
 * English: roles as acted (`DepartmentHead@<部のID>` → 部長（総務部）), event types and actions.
 * An unknown code is shown as it is rather than hidden.
 */
export function useLabels() {
  const { t, te } = useI18n();
  const known = (key: string) => te(key) || te(key, 'ja');
  // a 部's name is data of the plan (read by the page that shows it); until it is loaded the id shows
  const plan = getActivePinia() ? usePlanStore() : null;

  function role(code: string, departmentId?: string | null): string {
    const name = known(`role.${code}`) ? t(`role.${code}`) : code;
    if (!departmentId) return name;
    const department = plan?.departmentName(departmentId) ?? departmentId;
    return t('role.withDepartment', { role: name, department });
  }

  /** `Role` or `Role@department`, as events record who acted as what. */
  function actingAs(value: string | null | undefined): string {
    if (!value) return '';
    const [code = value, departmentId] = value.split('@');
    return role(code, departmentId);
  }

  const eventType = (type: string) => (known(`eventType.${type}`) ? t(`eventType.${type}`) : type);
  const action = (code: string) => (known(`action.${code}`) ? t(`action.${code}`) : code);
  const stage = (code: string) => (known(`stage.${code}`) ? t(`stage.${code}`) : code);

  return { role, actingAs, eventType, action, stage };
}
