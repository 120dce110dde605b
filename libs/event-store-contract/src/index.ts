export {
  describeEventStoreContract,
  type ContractRunOptions,
  type ContractStoreOptions,
  type EventStoreContractSubject,
  type OpenedStore,
} from './contract.js';
export { testEvent, testMetadata, uniqueStream } from './fixtures.js';
